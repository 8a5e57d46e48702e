package africa.bengobox.auth.oauth.token;

import africa.bengobox.auth.config.AuthProperties;
import africa.bengobox.auth.keys.SigningKeyService;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.SecurityContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.oauth2.core.OAuth2Token;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
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
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

/**
 * Keys as the protocol endpoints see them: the JWKS endpoint publishes every key that may still verify a token,
 * while the encoder only ever sees the one active key per algorithm, so key selection by algorithm is unambiguous.
 */
@Configuration(proxyBeanMethods = false)
class JoseConfiguration {

    @Bean
    JWKSource<SecurityContext> jwkSource(SigningKeyService keys) {
        return (selector, context) -> selector.select(keys.publicKeys());
    }

    @Bean
    JwtEncoder jwtEncoder(SigningKeyService keys) {
        return new SigningJwtEncoder(keys);
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

    /** Verifies our own access tokens (typ at+jwt) for userinfo and for introspection of unstored tokens. */
    @Bean
    JwtDecoder accessTokenDecoder(JWKSource<SecurityContext> jwkSource, AuthProperties properties) {
        NimbusJwtDecoder decoder = NimbusJwtDecoder.withJwkSource(jwkSource)
                .jwsAlgorithms(algs -> {
                    algs.add(SignatureAlgorithm.RS256);
                    algs.add(SignatureAlgorithm.ES256);
                })
                .jwtProcessorCustomizer(p -> {
                    p.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(new JOSEObjectType("at+jwt"), JOSEObjectType.JWT, null));
                    p.setJWSKeySelector(new VerificationKeys(jwkSource));
                    p.setJWSVerifierFactory(new VerificationKeys.VerifierFactory());
                })
                .build();
        decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(new JwtTypeValidator("at+jwt"),
                new JwtTimestampValidator(), new JwtIssuerValidator(properties.issuer())));
        return decoder;
    }
}
