package africa.bengobox.auth.oauth.grant;

import africa.bengobox.auth.audit.AuditEvent;
import africa.bengobox.auth.audit.AuditService;
import africa.bengobox.auth.oauth.store.HashedAuthorizationService;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2RefreshTokenAuthenticationToken;

/**
 * RFC 9700 4.14.2: a refresh token that was already rotated away is a sign that it leaked. Runs before Spring's
 * refresh-token grant; on reuse it revokes the whole token family and every token of the same SSO session, then
 * refuses the request. Otherwise it steps aside and Spring rotates the token as usual.
 */
public class RefreshTokenReuseDetector implements AuthenticationProvider {

    private static final Logger log = LoggerFactory.getLogger(RefreshTokenReuseDetector.class);

    private final HashedAuthorizationService authorizations;
    private final AuditService audit;

    public RefreshTokenReuseDetector(HashedAuthorizationService authorizations, AuditService audit) {
        this.authorizations = authorizations;
        this.audit = audit;
    }

    @Override
    public Authentication authenticate(Authentication authentication) {
        String token = ((OAuth2RefreshTokenAuthenticationToken) authentication).getRefreshToken();
        authorizations.refreshTokenStatus(token).filter(status -> !status.current()).ifPresent(status -> {
            int revoked = authorizations.revokeFamilyAndSession(status.authorizationId(), status.sessionId(), "refresh_token_reuse");
            audit.record(new AuditEvent("client", authentication.getName(), null, "token.refresh_reuse_detected",
                    "authorization", status.authorizationId(), null, Map.of("revoked_authorizations", revoked)));
            log.warn("Refresh token reuse detected; revoked {} authorization(s) of the family and its session", revoked);
            throw new OAuth2AuthenticationException(new OAuth2Error(OAuth2ErrorCodes.INVALID_GRANT,
                    "The refresh token was already used", null));
        });
        return null;
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return OAuth2RefreshTokenAuthenticationToken.class.isAssignableFrom(authentication);
    }
}
