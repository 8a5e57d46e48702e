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
 * @param lifetimes      session and token lifetimes for this tenant's users, at most the platform's and the client's
 */
public record TenantSettings(Branding branding, Set<String> loginMethods, String registration,
                             PasswordPolicy passwordPolicy, Lifetimes lifetimes) {

    public static final TenantSettings DEFAULTS = new TenantSettings(null, Set.of(), null, null, null);

    /** Registration policies a tenant may choose. */
    public static final Set<String> REGISTRATION_POLICIES = Set.of("open", "invite_only", "closed");

    /** Sign-in methods a tenant may list. */
    public static final Set<String> LOGIN_METHODS = Set.of("password", "magic_link", "passkey", "social");

    private static final java.util.regex.Pattern COLOR = java.util.regex.Pattern.compile("#[0-9a-fA-F]{6}");

    private static final JsonMapper JSON = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    public TenantSettings {
        loginMethods = loginMethods == null ? Set.of() : Set.copyOf(loginMethods);
    }

    /**
     * Token and session lifetimes in seconds; each shortens, never lengthens, what the platform and the client allow.
     * Refresh-token lifetimes stay per client.
     *
     * @param accessTokenSeconds 60..86400: access tokens acting for this tenant expire at the latest after this
     * @param sessionSeconds     300..2592000 (30 days): how long a sign-in counts for single sign-on into this
     *                           tenant; an older one must sign in again (as with max_age)
     */
    public record Lifetimes(Integer accessTokenSeconds, Integer sessionSeconds) {
    }

    /**
     * Checks every member an administrator may set; throws IllegalArgumentException naming the member
     * ({@code settings.branding.primary_color must be a colour like #1a2b3c}).
     */
    public TenantSettings validated() {
        if (branding != null) {
            if (branding.displayName() != null && (branding.displayName().isBlank() || branding.displayName().length() > 100)) {
                throw new IllegalArgumentException("settings.branding.display_name must be 1-100 characters");
            }
            if (branding.logoUrl() != null && (branding.logoUrl().length() > 2048 || !branding.logoUrl().startsWith("https://")
                    || branding.logoUrl().chars().anyMatch(c -> c <= ' ' || c == '"' || c == '\'' || c == '<' || c == '>'))) {
                throw new IllegalArgumentException("settings.branding.logo_url must be an https URL of at most 2048 characters");
            }
            if (branding.primaryColor() != null && !COLOR.matcher(branding.primaryColor()).matches()) {
                throw new IllegalArgumentException("settings.branding.primary_color must be a colour like #1a2b3c");
            }
        }
        for (String method : loginMethods) {
            if (!LOGIN_METHODS.contains(method)) {
                throw new IllegalArgumentException("settings.login_methods: '" + method + "' is not one of " + new java.util.TreeSet<>(LOGIN_METHODS));
            }
        }
        if (registration != null && !REGISTRATION_POLICIES.contains(registration)) {
            throw new IllegalArgumentException("settings.registration must be open, invite_only or closed");
        }
        if (passwordPolicy != null && passwordPolicy.minLength() != null
                && (passwordPolicy.minLength() < 10 || passwordPolicy.minLength() > 128)) {
            throw new IllegalArgumentException("settings.password_policy.min_length must be between 10 and 128");
        }
        if (lifetimes != null) {
            range("settings.lifetimes.access_token_seconds", lifetimes.accessTokenSeconds(), 60, 86_400);
            range("settings.lifetimes.session_seconds", lifetimes.sessionSeconds(), 300, 2_592_000);
        }
        return this;
    }

    private static void range(String name, Integer value, int min, int max) {
        if (value != null && (value < min || value > max)) {
            throw new IllegalArgumentException(name + " must be between " + min + " and " + max);
        }
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

    /**
     * Settings an administrator sent: unlike {@link #parse}, an unknown member is an error (a misspelt member must not
     * be dropped silently), and every value is validated.
     */
    public static TenantSettings fromRequest(String json) {
        try {
            return STRICT.readValue(json, TenantSettings.class).validated();
        } catch (tools.jackson.databind.exc.UnrecognizedPropertyException e) {
            throw new IllegalArgumentException("settings: unknown member '" + e.getPropertyName() + "'");
        } catch (tools.jackson.core.JacksonException e) {
            throw new IllegalArgumentException("settings: " + e.getOriginalMessage());
        }
    }

    private static final JsonMapper STRICT = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    public String toJson() {
        return JSON.writeValueAsString(this);
    }
}
