package africa.bengobox.auth.oauth.store;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.OAuth2AuthenticatedPrincipal;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.resource.introspection.BadOpaqueTokenException;
import org.springframework.security.oauth2.server.resource.introspection.OAuth2IntrospectionAuthenticatedPrincipal;
import org.springframework.security.oauth2.server.resource.introspection.OpaqueTokenIntrospector;

/** Lets our own endpoints (userinfo) accept opaque access tokens by looking them up here, not over HTTP. */
public class LocalOpaqueTokenIntrospector implements OpaqueTokenIntrospector {

    private final HashedAuthorizationService authorizations;

    public LocalOpaqueTokenIntrospector(HashedAuthorizationService authorizations) {
        this.authorizations = authorizations;
    }

    @Override
    public OAuth2AuthenticatedPrincipal introspect(String token) {
        OAuth2Authorization authorization = authorizations.findByToken(token, OAuth2TokenType.ACCESS_TOKEN);
        OAuth2Authorization.Token<OAuth2AccessToken> access = authorization == null ? null : authorization.getAccessToken();
        if (access == null || !access.isActive()) {
            throw new BadOpaqueTokenException("The access token is not active");
        }
        Map<String, Object> attributes = new HashMap<>(access.getClaims() == null ? Map.of() : access.getClaims());
        attributes.put("sub", authorization.getPrincipalName());
        List<GrantedAuthority> authorities = access.getToken().getScopes().stream()
                .<GrantedAuthority>map(scope -> new SimpleGrantedAuthority("SCOPE_" + scope)).toList();
        return new OAuth2IntrospectionAuthenticatedPrincipal(authorization.getPrincipalName(), attributes, authorities);
    }
}
