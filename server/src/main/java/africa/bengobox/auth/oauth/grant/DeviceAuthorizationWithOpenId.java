package africa.bengobox.auth.oauth.grant;

import java.util.HashSet;
import java.util.Set;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.core.oidc.OidcScopes;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2DeviceAuthorizationRequestAuthenticationToken;

/**
 * Spring refuses the {@code openid} scope on a device authorization request, so a TV or POS terminal could never get
 * an ID token. This lets the request through without it, then records {@code openid} among the requested scopes.
 */
public class DeviceAuthorizationWithOpenId implements AuthenticationProvider {

    private final AuthenticationProvider delegate;
    private final OAuth2AuthorizationService authorizations;

    public DeviceAuthorizationWithOpenId(AuthenticationProvider delegate, OAuth2AuthorizationService authorizations) {
        this.delegate = delegate;
        this.authorizations = authorizations;
    }

    @Override
    public Authentication authenticate(Authentication authentication) {
        var request = (OAuth2DeviceAuthorizationRequestAuthenticationToken) authentication;
        if (!request.getScopes().contains(OidcScopes.OPENID)) {
            return delegate.authenticate(request);
        }
        var client = (OAuth2ClientAuthenticationToken) request.getPrincipal();
        if (client.getRegisteredClient() == null || !client.getRegisteredClient().getScopes().contains(OidcScopes.OPENID)) {
            throw new OAuth2AuthenticationException(OAuth2ErrorCodes.INVALID_SCOPE);
        }
        Set<String> withoutOpenId = new HashSet<>(request.getScopes());
        withoutOpenId.remove(OidcScopes.OPENID);
        var result = (OAuth2DeviceAuthorizationRequestAuthenticationToken) delegate.authenticate(
                new OAuth2DeviceAuthorizationRequestAuthenticationToken(client, request.getAuthorizationUri(), withoutOpenId,
                        request.getAdditionalParameters()));
        OAuth2Authorization saved = authorizations.findByToken(result.getDeviceCode().getTokenValue(),
                new OAuth2TokenType(OAuth2ParameterNames.DEVICE_CODE));
        Set<String> scopes = new HashSet<>(withoutOpenId);
        scopes.add(OidcScopes.OPENID);
        authorizations.save(OAuth2Authorization.from(saved).attribute(OAuth2ParameterNames.SCOPE, scopes).build());
        return new OAuth2DeviceAuthorizationRequestAuthenticationToken(client, request.getScopes(), result.getDeviceCode(),
                result.getUserCode());
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return delegate.supports(authentication);
    }
}
