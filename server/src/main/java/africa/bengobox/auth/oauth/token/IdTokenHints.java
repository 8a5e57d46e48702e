package africa.bengobox.auth.oauth.token;

import africa.bengobox.auth.config.AuthProperties;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import java.util.Optional;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.stereotype.Component;

/**
 * Verifies an {@code id_token_hint}: an ID token this server signed (any of its algorithms, any key it still
 * publishes) for its own issuer. Unlike access tokens, an expired one is accepted, as OpenID Connect RP-Initiated
 * Logout requires: relying parties keep the ID token for the whole session and present it when the user leaves.
 */
@Component
public class IdTokenHints {

    private final NimbusJwtDecoder decoder;

    IdTokenHints(JWKSource<SecurityContext> jwkSource, AuthProperties properties) {
        this.decoder = NimbusJwtDecoder.withJwkSource(jwkSource)
                .jwtProcessorCustomizer(p -> {
                    p.setJWSKeySelector(new VerificationKeys(jwkSource));
                    p.setJWSVerifierFactory(new VerificationKeys.VerifierFactory());
                })
                .build();
        decoder.setJwtValidator(new JwtIssuerValidator(properties.issuer()));
    }

    /** The verified ID token, or empty for anything else (malformed, foreign, tampered, an access token). */
    public Optional<Jwt> verify(String idToken) {
        try {
            Jwt jwt = decoder.decode(idToken);
            boolean accessToken = "at+jwt".equalsIgnoreCase(String.valueOf(jwt.getHeaders().get("typ")));
            return accessToken || jwt.getSubject() == null || jwt.getAudience() == null || jwt.getAudience().isEmpty()
                    ? Optional.empty() : Optional.of(jwt);
        } catch (JwtException e) {
            return Optional.empty();
        }
    }
}
