package africa.bengobox.auth.oauth.client;

import java.util.List;
import java.util.UUID;

/**
 * What an administrator (or the import file) declares about a client. Absent optional values take secure
 * defaults: PKCE required, consent required, RS256 JWT access tokens. With {@code generateSecret} the server makes
 * the secret itself (256 random bits) the first time, instead of taking {@code clientSecret}.
 */
public record ClientDefinition(
        String clientId, String clientName, String clientSecret, String jwksUri,
        List<String> redirectUris, List<String> postLogoutRedirectUris, List<String> grantTypes, List<String> scopes,
        Boolean requireConsent, Boolean requirePkce, UUID tenantId, String accessTokenFormat,
        String accessTokenAlg, String idTokenAlg, Boolean introspection, boolean generateSecret) {

    @Override
    public String toString() {
        return "ClientDefinition[clientId=" + clientId + "]";
    }
}
