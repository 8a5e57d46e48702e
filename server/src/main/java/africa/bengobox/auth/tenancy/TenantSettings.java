package africa.bengobox.auth.tenancy;

import java.util.Set;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.json.JsonMapper;

/**
 * A tenant's own settings, stored as JSON in {@code tenants.settings} with snake_case members. Every member is
 * optional; an absent one means the platform default. Unknown members are kept out of the record, not an error, so an
 * older node reads settings a newer one wrote.
 *
 * @param branding       shown on the sign-in pages when the request names this tenant
 * @param loginMethods   sign-in methods allowed for this tenant (e.g. {@code password}, {@code magic_link}); empty = all
 * @param registration   {@code open}, {@code invite_only} or {@code closed}; null = the platform default
 * @param passwordPolicy overrides of the platform password policy
 */
public record TenantSettings(Branding branding, Set<String> loginMethods, String registration,
                             PasswordPolicy passwordPolicy) {

    public static final TenantSettings DEFAULTS = new TenantSettings(null, Set.of(), null, null);

    private static final JsonMapper JSON = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    public TenantSettings {
        loginMethods = loginMethods == null ? Set.of() : Set.copyOf(loginMethods);
    }

    /** @param minLength at least the platform minimum; a tenant may tighten the policy, never loosen it */
    public record PasswordPolicy(Integer minLength) {
    }

    public record Branding(String displayName, String logoUrl, String primaryColor) {
    }

    /** Whether this tenant allows the sign-in method; a tenant that lists none allows every method. */
    public boolean allows(String loginMethod) {
        return loginMethods.isEmpty() || loginMethods.contains(loginMethod);
    }

    public static TenantSettings parse(String json) {
        if (json == null || json.isBlank()) {
            return DEFAULTS;
        }
        return JSON.readValue(json, TenantSettings.class);
    }

    public String toJson() {
        return JSON.writeValueAsString(this);
    }
}
