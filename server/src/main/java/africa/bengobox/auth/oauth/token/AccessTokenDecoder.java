package africa.bengobox.auth.oauth.token;

import africa.bengobox.auth.keys.SigningAlgorithm;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.util.JSONObjectUtils;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.text.ParseException;
import java.util.Base64;
import java.util.Map;
import java.util.function.Function;
import org.springframework.core.convert.converter.Converter;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtValidationException;
import org.springframework.security.oauth2.jwt.MappedJwtClaimSetConverter;

/**
 * Verifies the access tokens this server signed (compact JWS, {@code typ} at+jwt, RS256, ES256 or EdDSA, a key we
 * publish) and hands them to Spring as a {@link Jwt} with Spring's own claim conversion and validators. Used for JWT
 * introspection, userinfo and the admin API instead of {@code NimbusJwtDecoder}: Nimbus decodes base64url with a
 * constant-time codec meant for key material (17% of a JWT introspection), parses each part more than once and lets
 * the provider convert the public key on every verification; here the JDK decodes, each part is parsed once, and
 * each published key is converted into the installed provider's own key type once. Public for the benchmarks, which
 * measure this very decoder.
 */
public final class AccessTokenDecoder implements JwtDecoder {

    private static final Base64.Decoder BASE64URL = Base64.getUrlDecoder();

    private final Function<String, JWK> publishedKeys;
    private final OAuth2TokenValidator<Jwt> validator;
    private final Converter<Map<String, Object>, Map<String, Object>> claimConverter =
            MappedJwtClaimSetConverter.withDefaults(Map.of());
    private final ConvertedKeys<VerificationKey> verificationKeys = new ConvertedKeys<>(jwk -> new VerificationKey(
            JwsCrypto.algorithmOf(jwk).orElseThrow(() -> new GeneralSecurityException("unsupported key type")),
            JwsCrypto.publicKey(jwk)));

    /**
     * @param publishedKeys the published (public) key with this key id, or null
     */
    public AccessTokenDecoder(Function<String, JWK> publishedKeys, OAuth2TokenValidator<Jwt> validator) {
        this.publishedKeys = publishedKeys;
        this.validator = validator;
    }

    @Override
    public Jwt decode(String token) {
        if (token == null) {
            throw new BadJwtException("no token");
        }
        int headerEnd = token.indexOf('.');
        int payloadEnd = headerEnd < 0 ? -1 : token.indexOf('.', headerEnd + 1);
        if (headerEnd <= 0 || payloadEnd < 0 || token.indexOf('.', payloadEnd + 1) >= 0 || payloadEnd == token.length() - 1) {
            throw new BadJwtException("not a compact JWS");
        }
        Map<String, Object> header = json(token, 0, headerEnd);
        if (!(header.get("alg") instanceof String alg) || !(header.get("kid") instanceof String kid)) {
            throw new BadJwtException("the header names no algorithm or key");
        }
        if (header.containsKey("crit")) {
            throw new BadJwtException("critical header parameters are not understood");
        }
        VerificationKey key = verificationKey(kid, alg);
        byte[] signature = base64url(token, payloadEnd + 1, token.length());
        if (!JwsCrypto.verify(key.algorithm(), key.key(), token.substring(0, payloadEnd).getBytes(StandardCharsets.US_ASCII),
                signature)) {
            throw new BadJwtException("invalid signature");
        }
        Map<String, Object> payload = json(token, headerEnd + 1, payloadEnd);
        Jwt jwt;
        try {
            Map<String, Object> claims = claimConverter.convert(payload);
            jwt = Jwt.withTokenValue(token).headers(h -> h.putAll(header)).claims(c -> c.putAll(claims)).build();
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new BadJwtException("malformed claims", e);
        }
        OAuth2TokenValidatorResult result = validator.validate(jwt);
        if (result.hasErrors()) {
            throw new JwtValidationException("invalid token: " + result.getErrors().iterator().next().getDescription(),
                    result.getErrors());
        }
        return jwt;
    }

    private VerificationKey verificationKey(String kid, String alg) {
        SigningAlgorithm algorithm = SigningAlgorithm.of(alg).orElseThrow(() -> new BadJwtException("algorithm not accepted"));
        JWK jwk = publishedKeys.apply(kid);
        if (jwk == null) {
            throw new BadJwtException("unknown key");
        }
        VerificationKey cached;
        try {
            cached = verificationKeys.of(jwk);
        } catch (JOSEException | GeneralSecurityException e) {
            throw new BadJwtException("unusable key", e);
        }
        if (cached.algorithm() != algorithm) {
            throw new BadJwtException("the key does not sign with " + alg);
        }
        return cached;
    }

    private static Map<String, Object> json(String token, int from, int to) {
        try {
            return JSONObjectUtils.parse(new String(base64url(token, from, to), StandardCharsets.UTF_8));
        } catch (ParseException e) {
            throw new BadJwtException("malformed JSON", e);
        }
    }

    private static byte[] base64url(String token, int from, int to) {
        try {
            return BASE64URL.decode(token.substring(from, to));
        } catch (IllegalArgumentException e) {
            throw new BadJwtException("malformed base64url", e);
        }
    }

    /** A published key as the installed JCA provider's own key object, and the one algorithm it verifies. */
    private record VerificationKey(SigningAlgorithm algorithm, PublicKey key) {
    }
}
