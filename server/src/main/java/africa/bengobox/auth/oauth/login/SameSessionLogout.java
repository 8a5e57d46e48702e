package africa.bengobox.auth.oauth.login;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.server.authorization.oidc.authentication.OidcLogoutAuthenticationToken;

/**
 * RP-initiated logout from a signed-in browser: after Spring's checks of the ID token hint (ours, for this client,
 * for this user), the hint must also come from this browser's sign-in, as its {@code sid} shows. Spring's logout
 * provider makes that check against its session registry, which this server does not keep
 * ({@link UntrackedSessionRegistry}); the signed-in user carries the sid instead.
 */
public final class SameSessionLogout implements AuthenticationProvider {

    private final AuthenticationProvider delegate;

    public SameSessionLogout(AuthenticationProvider delegate) {
        this.delegate = delegate;
    }

    @Override
    public Authentication authenticate(Authentication authentication) {
        Authentication result = delegate.authenticate(authentication);
        if (result instanceof OidcLogoutAuthenticationToken logout && logout.isPrincipalAuthenticated()
                && logout.getPrincipal() instanceof Authentication user && SignedInUser.isUser(user)) {
            String sid = SignedInUser.sessionId(user);
            if (sid != null && !sid.equals(logout.getIdToken().getClaimAsString("sid"))) {
                throw new OAuth2AuthenticationException(new OAuth2Error(OAuth2ErrorCodes.INVALID_TOKEN,
                        "OpenID Connect 1.0 Logout Request Parameter: sid",
                        "https://openid.net/specs/openid-connect-rpinitiated-1_0.html#ValidationAndErrorHandling"));
            }
        }
        return result;
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return delegate.supports(authentication);
    }
}
