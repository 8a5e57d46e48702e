package africa.bengobox.auth.oauth.token;

import africa.bengobox.auth.config.AuthProperties;
import africa.bengobox.auth.keys.SigningKeyService;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.oauth2.core.OAuth2Token;
import org.springframework.security.oauth2.server.authorization.token.DelegatingOAuth2TokenGenerator;
import org.springframework.security.oauth2.server.authorization.token.JwtGenerator;
import org.springframework.security.oauth2.server.authorization.token.OAuth2AccessTokenGenerator;
import org.springframework.security.oauth2.server.authorization.token.OAuth2RefreshTokenGenerator;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenGenerator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.JwtTypeValidator;

/**
 * Keys as the protocol endpoints see them: the JWKS endpoint publishes every key that may still verify a token,
 * while the encoder only ever sees the one active key per algorithm, so key selection by algorithm is unambiguous.
 */
@Configuration(proxyBeanMethods = false)
class JoseConfiguration {

    /**
     * Verified access tokens the decoder remembers (a few KB each: the token and its parsed claims): resource servers
     * introspect the same tokens again and again while they live.
     */
    private static final int REMEMBERED_ACCESS_TOKENS = 4096;

    @Bean
    JWKSource<SecurityContext> jwkSource(SigningKeyService keys) {
        return (selector, context) -> selector.select(keys.publicKeys());
    }

    @Bean
    JwtEncoder jwtEncoder(SigningKeyService keys) {
        return SigningJwtEncoder.yieldingTheCore(keys::activeKey);
    }

    /** Spring's generators with our customizers; also used directly where we complete a grant (device ID tokens). */
    @Bean
    OAuth2TokenGenerator<OAuth2Token> tokenGenerator(JwtEncoder jwtEncoder, JwtClaimsCustomizer jwtCustomizer,
                                                     OpaqueTokenClaimsCustomizer opaqueCustomizer) {
        JwtGenerator jwt = new JwtGenerator(jwtEncoder);
        jwt.setJwtCustomizer(jwtCustomizer);
        OAuth2AccessTokenGenerator opaque = new OAuth2AccessTokenGenerator();
        opaque.setAccessTokenCustomizer(opaqueCustomizer);
        return new DelegatingOAuth2TokenGenerator(jwt, opaque, new OAuth2RefreshTokenGenerator());
    }

    /** Verifies our own access tokens (typ at+jwt) for userinfo, the admin API and introspection of unstored tokens. */
    @Bean
    JwtDecoder accessTokenDecoder(SigningKeyService keys, AuthProperties properties) {
        return new AccessTokenDecoder(kid -> keys.publicKeys().getKeyByKeyId(kid), new DelegatingOAuth2TokenValidator<>(new JwtTypeValidator("at+jwt"),
                new JwtTimestampValidator(), new JwtIssuerValidator(properties.issuer())), REMEMBERED_ACCESS_TOKENS);
    }
}
