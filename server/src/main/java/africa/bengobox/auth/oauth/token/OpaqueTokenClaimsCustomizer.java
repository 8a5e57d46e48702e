package africa.bengobox.auth.oauth.token;

import java.util.Map;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenClaimsContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenClaimsSet;
import org.springframework.stereotype.Component;

/** Opaque (reference) access tokens carry the same claims as JWT ones; introspection returns them. */
@Component
class OpaqueTokenClaimsCustomizer implements OAuth2TokenCustomizer<OAuth2TokenClaimsContext> {

    private final TokenClaims tokenClaims;

    OpaqueTokenClaimsCustomizer(TokenClaims tokenClaims) {
        this.tokenClaims = tokenClaims;
    }

    @Override
    public void customize(OAuth2TokenClaimsContext context) {
        if (!OAuth2TokenType.ACCESS_TOKEN.equals(context.getTokenType())) {
            return;
        }
        Map<String, Object> claims = tokenClaims.accessTokenClaims(context.getRegisteredClient(), context.getPrincipal(),
                context.getAuthorization(), context.getAuthorizationGrantType(), context.getAuthorizedScopes());
        claims.remove("scope"); // kept as the token's scope set; introspection renders it space-separated
        context.getClaims().claims(c -> c.putAll(claims));
        OAuth2TokenClaimsSet current = context.getClaims().build();
        context.getClaims().expiresAt(tokenClaims.accessTokenExpiry(claims, current.getIssuedAt(), current.getExpiresAt()));
    }
}
