package africa.bengobox.auth.oauth.grant;

import africa.bengobox.auth.oauth.ClientSettingNames;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenIntrospection;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2TokenIntrospectionAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;

/**
 * A client may introspect its own tokens; resource servers holding the introspection permission may introspect any.
 * Anything else is answered {@code active: false}, which reveals nothing about a token (RFC 7662 2.2).
 */
public class IntrospectionEntitlement implements AuthenticationProvider {

    private final AuthenticationProvider delegate;

    public IntrospectionEntitlement(AuthenticationProvider delegate) {
        this.delegate = delegate;
    }

    @Override
    public Authentication authenticate(Authentication authentication) {
        var result = (OAuth2TokenIntrospectionAuthenticationToken) delegate.authenticate(authentication);
        if (result == null || !result.getTokenClaims().isActive()) {
            return result;
        }
        RegisteredClient requester = ((OAuth2ClientAuthenticationToken) result.getPrincipal()).getRegisteredClient();
        if (requester == null || entitled(requester, result.getTokenClaims().getClientId())) {
            return result;
        }
        return new OAuth2TokenIntrospectionAuthenticationToken(result.getToken(), (Authentication) result.getPrincipal(),
                OAuth2TokenIntrospection.builder().build());
    }

    static boolean entitled(RegisteredClient requester, String tokenClientId) {
        return requester.getClientId().equals(tokenClientId)
                || Boolean.TRUE.equals(requester.getClientSettings().getSetting(ClientSettingNames.INTROSPECTION));
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return delegate.supports(authentication);
    }
}
