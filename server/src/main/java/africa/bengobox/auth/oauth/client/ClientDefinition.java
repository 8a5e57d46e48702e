package africa.bengobox.auth.oauth.client;

import java.util.List;
import java.util.UUID;

/**
 * What an administrator (or the import file) declares about a client. Absent optional values take secure
 * defaults: PKCE required, consent required, RS256 JWT access tokens.
 */
public record ClientDefinition(
        String clientId, String clientName, String clientSecret, String jwksUri,
        List<String> redirectUris, List<String> postLogoutRedirectUris, List<String> grantTypes, List<String> scopes,
        Boolean requireConsent, Boolean requirePkce, UUID tenantId, String accessTokenFormat,
        String accessTokenAlg, String idTokenAlg, Boolean introspection) {

    @Override
    public String toString() {
        return "ClientDefinition[clientId=" + clientId + "]";
    }
}
