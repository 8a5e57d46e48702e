package africa.bengobox.auth.oauth.grant;

import java.security.Principal;
import java.time.Duration;
import java.util.Map;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.OAuth2Token;
import org.springframework.security.oauth2.core.OAuth2UserCode;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.core.oidc.OidcIdToken;
import org.springframework.security.oauth2.core.oidc.OidcScopes;
import org.springframework.security.oauth2.core.oidc.endpoint.OidcParameterNames;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AccessTokenAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2DeviceCodeAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.context.AuthorizationServerContextHolder;
import org.springframework.security.oauth2.server.authorization.token.DefaultOAuth2TokenContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenGenerator;

/**
 * Completes Spring's device-code grant where RFC 8628 and OpenID Connect ask for more: {@code slow_down} when a
 * device polls a pending request faster than the advertised interval, and an ID token when {@code openid} was granted.
 */
public class DeviceCodeGrantCompletion implements AuthenticationProvider {

    private static final OAuth2TokenType DEVICE_CODE = new OAuth2TokenType(OAuth2ParameterNames.DEVICE_CODE);
    private static final OAuth2TokenType ID_TOKEN = new OAuth2TokenType(OidcParameterNames.ID_TOKEN);
    /** RFC 8628 3.2: without an {@code interval} in the device authorization response, clients wait 5 seconds. */
    private static final Duration INTERVAL = Duration.ofSeconds(5);

    private final AuthenticationProvider delegate;
    private final OAuth2AuthorizationService authorizations;
    private final OAuth2TokenGenerator<? extends OAuth2Token> tokens;
    private final DevicePolls polls;

    public DeviceCodeGrantCompletion(AuthenticationProvider delegate, OAuth2AuthorizationService authorizations,
                                     OAuth2TokenGenerator<? extends OAuth2Token> tokens, DevicePolls polls) {
        this.delegate = delegate;
        this.authorizations = authorizations;
        this.tokens = tokens;
        this.polls = polls;
    }

    @Override
    public Authentication authenticate(Authentication authentication) {
        var request = (OAuth2DeviceCodeAuthenticationToken) authentication;
        throttle(request.getDeviceCode());
        var result = (OAuth2AccessTokenAuthenticationToken) delegate.authenticate(authentication);
        OAuth2Authorization authorization = authorizations.findByToken(result.getAccessToken().getTokenValue(),
                OAuth2TokenType.ACCESS_TOKEN);
        if (authorization == null || !authorization.getAuthorizedScopes().contains(OidcScopes.OPENID)) {
            return result;
        }
        Authentication user = authorization.getAttribute(Principal.class.getName());
        OAuth2Token generated = tokens.generate(DefaultOAuth2TokenContext.builder()
                .registeredClient(result.getRegisteredClient())
                .principal(user)
                .authorizationServerContext(AuthorizationServerContextHolder.getContext())
                .authorization(authorization)
                .authorizedScopes(authorization.getAuthorizedScopes())
                .authorizationGrantType(AuthorizationGrantType.DEVICE_CODE)
                .authorizationGrant(request)
                .tokenType(ID_TOKEN)
                .build());
        if (!(generated instanceof Jwt jwt)) {
            throw new OAuth2AuthenticationException(new OAuth2Error(OAuth2ErrorCodes.SERVER_ERROR, "No ID token generated", null));
        }
        OidcIdToken idToken = new OidcIdToken(jwt.getTokenValue(), jwt.getIssuedAt(), jwt.getExpiresAt(), jwt.getClaims());
        authorizations.save(OAuth2Authorization.from(authorization)
                .token(idToken, metadata -> metadata.put(OAuth2Authorization.Token.CLAIMS_METADATA_NAME, jwt.getClaims()))
                .build());
        return new OAuth2AccessTokenAuthenticationToken(result.getRegisteredClient(), (Authentication) result.getPrincipal(),
                result.getAccessToken(), result.getRefreshToken(), Map.of(OidcParameterNames.ID_TOKEN, idToken.getTokenValue()));
    }

    /** A device that polls a still-pending request faster than the interval is told to slow down (RFC 8628 3.5). */
    private void throttle(String deviceCode) {
        OAuth2Authorization authorization = authorizations.findByToken(deviceCode, DEVICE_CODE);
        if (authorization == null) {
            return;
        }
        OAuth2Authorization.Token<OAuth2UserCode> userCode = authorization.getToken(OAuth2UserCode.class);
        boolean pending = userCode != null && !userCode.isInvalidated() && !userCode.isExpired();
        if (!pending) {
            return;
        }
        if (polls.tooSoon(deviceCode, INTERVAL)) {
            throw new OAuth2AuthenticationException(new OAuth2Error("slow_down", null,
                    "https://datatracker.ietf.org/doc/html/rfc8628#section-3.5"));
        }
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return delegate.supports(authentication);
    }
}
