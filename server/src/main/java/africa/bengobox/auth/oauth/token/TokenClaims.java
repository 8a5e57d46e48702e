package africa.bengobox.auth.oauth.token;

import africa.bengobox.auth.identity.User;
import africa.bengobox.auth.identity.UserWithProfile;
import africa.bengobox.auth.oauth.ClientSettingNames;
import africa.bengobox.auth.oauth.login.SignedInUser;
import africa.bengobox.auth.tenancy.Membership;
import africa.bengobox.auth.tenancy.TenancyService;
import africa.bengobox.auth.tenancy.Tenant;
import africa.bengobox.auth.tenancy.TenantSettings;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationRequest;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.stereotype.Component;

/**
 * The claims BengoBox adds to every access token, whatever its format: {@code client_id}, the scope as one
 * space-separated string (RFC 9068), and the tenant context; for user tokens also {@code auth_time}, {@code amr},
 * {@code acr} and {@code sid}.
 */
@Component
public class TokenClaims {

    /** Single-factor sign-in; stronger levels arrive with MFA. */
    public static final String ACR_SINGLE_FACTOR = "urn:bengobox:acr:1fa";

    private final TenantContext tenants;
    private final TokenRequestUsers users;
    private final TenancyService tenancy;

    TokenClaims(TenantContext tenants, TokenRequestUsers users, TenancyService tenancy) {
        this.tenants = tenants;
        this.users = users;
        this.tenancy = tenancy;
    }

    public Map<String, Object> accessTokenClaims(RegisteredClient client, Authentication principal,
                                                 OAuth2Authorization authorization, AuthorizationGrantType grant,
                                                 Collection<String> scopes) {
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("client_id", client.getClientId());
        if (!scopes.isEmpty()) {
            claims.put("scope", String.join(" ", scopes));
        }
        if (AuthorizationGrantType.CLIENT_CREDENTIALS.equals(grant)) {
            serviceAccountTenant(client).ifPresent(t -> {
                claims.put("tenant_id", t.id().toString());
                claims.put("tenant_slug", t.slug());
            });
            return claims;
        }
        if (SignedInUser.isUser(principal)) {
            // a refresh or a late code exchange must not outlive the account being locked or disabled
            if (users.find(SignedInUser.userId(principal)).map(UserWithProfile::user).filter(User::active).isEmpty()) {
                throw new OAuth2AuthenticationException(new OAuth2Error(OAuth2ErrorCodes.INVALID_GRANT,
                        "The account is no longer active", null));
            }
            claims.putAll(authenticationClaims(principal));
            userTenant(principal, authorization).ifPresent(m -> {
                claims.put("tenant_id", m.tenant().id().toString());
                claims.put("tenant_slug", m.tenant().slug());
                claims.put("roles", m.roles());
                if (!AuthorizationGrantType.REFRESH_TOKEN.equals(grant)) {
                    // a sign-in into the tenant through a client: downstream services learn the tenant's context
                    tenancy.signedIn(m.tenant().id());
                }
            });
        }
        return claims;
    }

    /**
     * The expiry of an access token with these claims: the one Spring computed from the client's settings, or earlier
     * when the token's tenant sets a shorter access-token lifetime.
     */
    public Instant accessTokenExpiry(Map<String, Object> claims, Instant issuedAt, Instant expiresAt) {
        if (!(claims.get("tenant_id") instanceof String tenantId) || issuedAt == null || expiresAt == null) {
            return expiresAt;
        }
        return tenancy.findById(java.util.UUID.fromString(tenantId))
                .map(t -> t.settings().lifetimes())
                .map(TenantSettings.Lifetimes::accessTokenSeconds)
                .map(seconds -> issuedAt.plusSeconds(seconds))
                .filter(tenantExpiry -> tenantExpiry.isBefore(expiresAt))
                .orElse(expiresAt);
    }

    public Map<String, Object> authenticationClaims(Authentication principal) {
        Map<String, Object> claims = new LinkedHashMap<>();
        Instant authTime = SignedInUser.authTime(principal);
        if (authTime != null) {
            claims.put("auth_time", authTime.getEpochSecond());
        }
        claims.put("amr", SignedInUser.amr(principal));
        claims.put("acr", ACR_SINGLE_FACTOR);
        String sid = SignedInUser.sessionId(principal);
        if (sid != null) {
            claims.put("sid", sid);
        }
        return claims;
    }

    private Optional<Tenant> serviceAccountTenant(RegisteredClient client) {
        String tenantId = client.getClientSettings().getSetting(ClientSettingNames.TENANT_ID);
        Optional<Tenant> tenant = tenants.serviceAccountTenant(tenantId);
        if (tenant.isPresent() && !tenant.get().active()) {
            throw new OAuth2AuthenticationException(new OAuth2Error(OAuth2ErrorCodes.UNAUTHORIZED_CLIENT,
                    "The tenant of this service account is not active", null));
        }
        return tenant;
    }

    private Optional<Membership> userTenant(Authentication principal, OAuth2Authorization authorization) {
        String requested = null;
        if (authorization != null) {
            OAuth2AuthorizationRequest request = authorization.getAttribute(OAuth2AuthorizationRequest.class.getName());
            if (request != null && request.getAdditionalParameters().get(TenantContext.TENANT_PARAMETER) instanceof String slug) {
                requested = slug;
            }
        }
        TenantContext.Resolution resolution = tenants.resolve(SignedInUser.userId(principal), requested);
        return switch (resolution) {
            case TenantContext.Resolution.Acting acting -> Optional.of(acting.membership());
            case TenantContext.Resolution.Refused refused -> throw new OAuth2AuthenticationException(
                    new OAuth2Error(OAuth2ErrorCodes.INVALID_GRANT, "Tenant access refused: " + refused.reason(), null));
            default -> Optional.empty();
        };
    }
}
