package africa.bengobox.auth.oauth.client;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/** A registered OAuth client as stored; the secret is only ever present as its keyed hash. */
public record OAuthClient(
        UUID id, String clientId, String clientName, String secretHash, UUID tenantId,
        Set<String> authMethods, Set<String> grantTypes, List<String> redirectUris, List<String> postLogoutRedirectUris,
        Set<String> scopes, boolean requireConsent, boolean requirePkce, TokenFormat accessTokenFormat,
        String accessTokenAlg, String idTokenAlg, String jwksUri, boolean introspectionPermitted,
        Duration accessTokenTtl, Duration refreshTokenTtl, boolean active, Instant createdAt, Instant updatedAt) {

    public enum TokenFormat { JWT, OPAQUE }

    public boolean confidential() {
        return !authMethods.contains("none");
    }
}
