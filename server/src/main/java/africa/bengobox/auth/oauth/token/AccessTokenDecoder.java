package africa.bengobox.auth.oauth.token;

import africa.bengobox.auth.keys.SigningAlgorithm;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.util.JSONObjectUtils;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.text.ParseException;
import java.time.Duration;
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
 * <p>
 * It can remember the tokens it verified: a resource server introspects the same token on every call it receives
 * while the token lives, and the signature check was a quarter of each introspection. A remembered token skips
 * parsing and the signature, provided the key that verified it is still the published one (the key service re-reads
 * the keys every minute into new instances, so a withdrawn key takes its tokens with it within a minute); the
 * validators (lifetime, issuer, type) run on every call, and revocation is the caller's check as before.
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
    /** Verified tokens by their exact text; null when nothing is remembered. */
    private final Cache<String, Verified> verified;

    /**
     * A decoder that verifies every token it is given.
     *
     * @param publishedKeys the published (public) key with this key id, or null
     */
    public AccessTokenDecoder(Function<String, JWK> publishedKeys, OAuth2TokenValidator<Jwt> validator) {
        this(publishedKeys, validator, 0);
    }

    /**
     * @param publishedKeys    the published (public) key with this key id, or null
     * @param rememberedTokens how many verified tokens to remember (each for two minutes at most); 0 for none
     */
    public AccessTokenDecoder(Function<String, JWK> publishedKeys, OAuth2TokenValidator<Jwt> validator,
                              int rememberedTokens) {
        this.publishedKeys = publishedKeys;
        this.validator = validator;
        this.verified = rememberedTokens == 0 ? null
                : Caffeine.newBuilder().maximumSize(rememberedTokens).expireAfterWrite(Duration.ofMinutes(2)).build();
    }

    @Override
    public Jwt decode(String token) {
        if (token == null) {
            throw new BadJwtException("no token");
        }
        Jwt jwt = verified == null ? verify(token).jwt() : remembered(token);
        OAuth2TokenValidatorResult result = validator.validate(jwt);
        if (result.hasErrors()) {
            throw new JwtValidationException("invalid token: " + result.getErrors().iterator().next().getDescription(),
                    result.getErrors());
        }
        return jwt;
    }

    private Jwt remembered(String token) {
        Verified hit = verified.getIfPresent(token);
        if (hit != null && publishedKeys.apply(hit.key().getKeyID()) == hit.key()) {
            return hit.jwt();
        }
        Verified fresh = verify(token);
        verified.put(token, fresh);
        return fresh.jwt();
    }

    /** Signature and claims, not yet validated. */
    private Verified verify(String token) {
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
        JWK jwk = publishedKeys.apply(kid);
        VerificationKey key = verificationKey(jwk, alg);
        byte[] signature = base64url(token, payloadEnd + 1, token.length());
        if (!JwsCrypto.verify(key.algorithm(), key.key(), token.substring(0, payloadEnd).getBytes(StandardCharsets.US_ASCII),
                signature)) {
            throw new BadJwtException("invalid signature");
        }
        Map<String, Object> payload = json(token, headerEnd + 1, payloadEnd);
        try {
            Map<String, Object> claims = claimConverter.convert(payload);
            Jwt jwt = Jwt.withTokenValue(token).headers(h -> h.putAll(header)).claims(c -> c.putAll(claims)).build();
            return new Verified(jwk, jwt);
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new BadJwtException("malformed claims", e);
        }
    }

    private VerificationKey verificationKey(JWK jwk, String alg) {
        SigningAlgorithm algorithm = SigningAlgorithm.of(alg).orElseThrow(() -> new BadJwtException("algorithm not accepted"));
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

    /** A token whose signature checked out, and the published key instance (named by the token's kid) that checked it. */
    private record Verified(JWK key, Jwt jwt) {
    }
}
