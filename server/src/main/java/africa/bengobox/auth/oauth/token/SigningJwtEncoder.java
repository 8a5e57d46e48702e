package africa.bengobox.auth.oauth.token;

import africa.bengobox.auth.keys.SigningAlgorithm;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.JWK;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.time.Instant;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.JwtEncodingException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Signs every JWT the server issues with the active key of the algorithm the header names (RS256 when it names
 * none). Replaces Spring's Nimbus encoder on the hot path of the token endpoint: header and claims are serialised
 * once (Jackson, straight to UTF-8 bytes), base64url-encoded with the JDK's encoder (Nimbus's own was 6% of the
 * endpoint's CPU with ES256), and signed through the JCA ({@link JwsCrypto}) with each key converted into the
 * provider's key object once, not per token.
 * Public for the benchmarks, which measure this very encoder.
 */
public final class SigningJwtEncoder implements JwtEncoder {

    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Function<SigningAlgorithm, JWK> activeKeys;
    private final Runnable beforeRsaSignature;
    private final ConvertedKeys<SigningKey> signingKeys = new ConvertedKeys<>(SigningKey::of);

    /**
     * A key ready to sign: the provider's private key, and the JWS headers (by type) it signs under, each serialised
     * once: they are the same on every token, and go with the key when it is re-read or withdrawn.
     */
    private record SigningKey(PrivateKey privateKey, String kid, Map<Optional<String>, Header> headersByType) {

        static SigningKey of(JWK jwk) throws GeneralSecurityException, JOSEException {
            return new SigningKey(JwsCrypto.privateKey(jwk), jwk.getKeyID(), new ConcurrentHashMap<>());
        }

        Header header(SigningAlgorithm algorithm, String type) {
            return headersByType.computeIfAbsent(Optional.ofNullable(type), t -> {
                Map<String, Object> json = new LinkedHashMap<>();
                json.put("alg", algorithm.name());
                json.put("kid", kid);
                t.ifPresent(typ -> json.put("typ", typ));
                return new Header(Collections.unmodifiableMap(json), encode(json));
            });
        }
    }

    private record Header(Map<String, Object> json, String encoded) {
    }

    /**
     * @param activeKeys the key (private part included) that signs with the algorithm now
     */
    public SigningJwtEncoder(Function<SigningAlgorithm, JWK> activeKeys) {
        this(activeKeys, () -> { });
    }

    /**
     * @param activeKeys         the key (private part included) that signs with the algorithm now
     * @param beforeRsaSignature run on the signing thread right before each RSA signature (0.3 to 0.9 ms of CPU); the
     *                           server yields its core there ({@link #yieldingTheCore})
     */
    public SigningJwtEncoder(Function<SigningAlgorithm, JWK> activeKeys, Runnable beforeRsaSignature) {
        this.activeKeys = activeKeys;
        this.beforeRsaSignature = beforeRsaSignature;
    }

    /**
     * The server's encoder. Before an RSA signature the request thread yields its core to the other runnable ones, so
     * that the signature and the rest of its request run in one turn and a saturated endpoint's requests take turns
     * in about the order they came: the p99 stays low without parking threads in a queue (ADR 0019). Alone on its
     * core the yield returns at once. Not part of the benchmarks' signing limit, which is the signature's alone.
     */
    public static SigningJwtEncoder yieldingTheCore(Function<SigningAlgorithm, JWK> activeKeys) {
        return new SigningJwtEncoder(activeKeys, Thread::yield);
    }

    @Override
    public Jwt encode(JwtEncoderParameters parameters) {
        JwsHeader requested = parameters.getJwsHeader();
        String name = requested == null || requested.getAlgorithm() == null ? "RS256" : requested.getAlgorithm().getName();
        SigningAlgorithm algorithm = SigningAlgorithm.of(name)
                .orElseThrow(() -> new JwtEncodingException("unsupported JWS algorithm " + name));
        JWK key = activeKeys.apply(algorithm);
        if (key == null) {
            throw new JwtEncodingException("no active " + algorithm + " key");
        }
        SigningKey signingKey = signingKey(key);
        Header header = signingKey.header(algorithm, requested == null ? null : requested.getType());
        JwtClaimsSet claims = parameters.getClaims();
        String signingInput = header.encoded() + "." + encode(json(claims.getClaims()));
        if (algorithm == SigningAlgorithm.RS256) {
            beforeRsaSignature.run();
        }
        try {
            byte[] signature = JwsCrypto.sign(algorithm, signingKey.privateKey(),
                    signingInput.getBytes(StandardCharsets.US_ASCII));
            return Jwt.withTokenValue(signingInput + "." + BASE64URL.encodeToString(signature))
                    .headers(h -> h.putAll(header.json()))
                    .claims(c -> c.putAll(claims.getClaims()))
                    .build();
        } catch (GeneralSecurityException e) {
            throw new JwtEncodingException(algorithm + " signing failed", e);
        }
    }

    private static String encode(Map<String, Object> json) {
        return BASE64URL.encodeToString(JSON.writeValueAsBytes(json));
    }

    /** JSON-ready claims: times as NumericDate seconds, URLs as strings, a single audience as a string (RFC 7519). */
    private static Map<String, Object> json(Map<String, Object> claims) {
        Map<String, Object> json = new LinkedHashMap<>(claims.size() * 2);
        claims.forEach((name, value) -> json.put(name, switch (value) {
            case Instant instant -> instant.getEpochSecond();
            case URL url -> url.toExternalForm();
            case List<?> list when "aud".equals(name) && list.size() == 1 -> list.getFirst();
            default -> value;
        }));
        return json;
    }

    private SigningKey signingKey(JWK key) {
        try {
            return signingKeys.of(key);
        } catch (GeneralSecurityException | JOSEException e) {
            throw new JwtEncodingException("cannot sign with key " + key.getKeyID(), e);
        }
    }
}
