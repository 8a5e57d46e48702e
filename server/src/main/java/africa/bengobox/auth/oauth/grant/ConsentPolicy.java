package africa.bengobox.auth.oauth.grant;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.springframework.security.oauth2.core.oidc.OidcScopes;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationConsent;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationContext;

/**
 * When the consent page is shown: never for first-party clients; for third-party clients when the user has not
 * yet granted every requested scope, or when the client asks again with {@code prompt=consent}.
 */
public final class ConsentPolicy {

    private ConsentPolicy() {
    }

    public static boolean required(OAuth2AuthorizationCodeRequestAuthenticationContext context) {
        if (!context.getRegisteredClient().getClientSettings().isRequireAuthorizationConsent()) {
            return false;
        }
        Object prompt = context.getAuthorizationRequest().getAdditionalParameters().get("prompt");
        if (prompt instanceof String p && Arrays.asList(p.split(" ")).contains("consent")) {
            return true;
        }
        Set<String> requested = new HashSet<>(context.getAuthorizationRequest().getScopes());
        requested.remove(OidcScopes.OPENID);
        if (requested.isEmpty()) {
            return false;
        }
        OAuth2AuthorizationConsent consent = context.getAuthorizationConsent();
        return consent == null || !consent.getScopes().containsAll(requested);
    }
}
