package africa.bengobox.auth.oauth.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import africa.bengobox.auth.keys.Ed25519Keys;
import africa.bengobox.auth.keys.SigningAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.JwtTypeValidator;

/**
 * What the encoder signs, the decoder accepts; anything altered, foreign or malformed is a BadJwtException. A decoder
 * that remembers verified tokens answers the same, and forgets a token whose key is withdrawn or replaced.
 */
class AccessTokenDecoderTest {

    private static final String ISSUER = "https://auth.example";
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    private final Map<SigningAlgorithm, JWK> keys;
    private final SigningJwtEncoder encoder;
    private final AccessTokenDecoder decoder;
    private final AccessTokenDecoder remembering;
    /** What the remembering decoder sees as published, by key id. */
    private final Map<String, JWK> published = new ConcurrentHashMap<>();
    private final JwtTimestampValidator lifetime = new JwtTimestampValidator();

    AccessTokenDecoderTest() throws Exception {
        keys = Map.of(SigningAlgorithm.RS256, new RSAKeyGenerator(2048).keyID("rsa-1").generate(),
                SigningAlgorithm.ES256, new ECKeyGenerator(Curve.P_256).keyID("ec-1").generate(),
                SigningAlgorithm.EdDSA, Ed25519Keys.generate("ed-1"));
        encoder = new SigningJwtEncoder(keys::get);
        decoder = new AccessTokenDecoder(kid -> keys.values().stream().filter(k -> k.getKeyID().equals(kid))
                .map(JWK::toPublicJWK).findFirst().orElse(null),
                new DelegatingOAuth2TokenValidator<>(new JwtTypeValidator("at+jwt"), new JwtTimestampValidator(),
                        new JwtIssuerValidator(ISSUER)));
        keys.values().forEach(k -> published.put(k.getKeyID(), k.toPublicJWK()));
        remembering = new AccessTokenDecoder(published::get,
                new DelegatingOAuth2TokenValidator<>(new JwtTypeValidator("at+jwt"), lifetime, new JwtIssuerValidator(ISSUER)), 16);
    }

    @ParameterizedTest
    @EnumSource(SigningAlgorithm.class)
    void acceptsWhatTheEncoderSignsWithSpringsClaimTypes(SigningAlgorithm algorithm) {
        Jwt jwt = decoder.decode(token(algorithm, "at+jwt", claims -> { }));
        assertThat(jwt.getHeaders()).containsEntry("alg", algorithm.name()).containsEntry("typ", "at+jwt");
        assertThat(jwt.getSubject()).isEqualTo("svc");
        assertThat(jwt.getAudience()).containsExactly("svc");
        assertThat(jwt.getExpiresAt()).isInstanceOf(Instant.class).isAfter(Instant.now());
        assertThat(jwt.getClaimAsStringList("roles")).containsExactly("a", "b");
        assertThat(jwt.getIssuer()).hasToString(ISSUER);
    }

    @ParameterizedTest
    @EnumSource(SigningAlgorithm.class)
    void refusesAlteredSignaturesAndPayloads(SigningAlgorithm algorithm) {
        String token = token(algorithm, "at+jwt", claims -> { });
        String[] parts = token.split("\\.");
        String otherPayload = B64.encodeToString(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
                .replace("\"svc\"", "\"adm\"").getBytes(StandardCharsets.UTF_8));
        char last = parts[2].charAt(0);
        String otherSignature = (last == 'A' ? 'B' : 'A') + parts[2].substring(1);
        remembering.decode(token);
        assertBad(parts[0] + "." + otherPayload + "." + parts[2]);
        assertBad(parts[0] + "." + parts[1] + "." + otherSignature);
        assertBad(parts[0] + "." + parts[1] + ".");
    }

    @ParameterizedTest
    @EnumSource(SigningAlgorithm.class)
    void signsWithTheNewKeyRightAfterARotation(SigningAlgorithm algorithm) throws Exception {
        JWK second = switch (algorithm) {
            case RS256 -> new RSAKeyGenerator(2048).keyID("rsa-2").generate();
            case ES256 -> new ECKeyGenerator(Curve.P_256).keyID("ec-2").generate();
            case EdDSA -> Ed25519Keys.generate("ed-2");
        };
        Map<SigningAlgorithm, JWK> active = new ConcurrentHashMap<>(keys);
        SigningJwtEncoder rotating = new SigningJwtEncoder(active::get);
        published.put(second.getKeyID(), second.toPublicJWK());
        JwsHeader header = JwsHeader.with(algorithm::name).type("at+jwt").build();
        JwtClaimsSet claims = JwtClaimsSet.builder().issuer(ISSUER).subject("svc").issuedAt(Instant.now())
                .expiresAt(Instant.now().plusSeconds(300)).build();
        for (JWK key : List.of(keys.get(algorithm), second, keys.get(algorithm))) {
            active.put(algorithm, key);
            String token = rotating.encode(JwtEncoderParameters.from(header, claims)).getTokenValue();
            assertThat(remembering.decode(token).getHeaders()).containsEntry("kid", key.getKeyID());
        }
    }

    @Test
    void refusesAlgorithmConfusionUnknownKeysAndNone() {
        String rsa = token(SigningAlgorithm.RS256, "at+jwt", claims -> { });
        String[] parts = rsa.split("\\.");
        assertBad(header("{\"alg\":\"ES256\",\"kid\":\"rsa-1\",\"typ\":\"at+jwt\"}") + "." + parts[1] + "." + parts[2]);
        assertBad(header("{\"alg\":\"HS256\",\"kid\":\"rsa-1\",\"typ\":\"at+jwt\"}") + "." + parts[1] + "." + parts[2]);
        assertBad(header("{\"alg\":\"none\",\"kid\":\"rsa-1\",\"typ\":\"at+jwt\"}") + "." + parts[1] + ".");
        assertBad(header("{\"alg\":\"RS256\",\"kid\":\"other\",\"typ\":\"at+jwt\"}") + "." + parts[1] + "." + parts[2]);
        assertBad(header("{\"alg\":\"RS256\",\"typ\":\"at+jwt\"}") + "." + parts[1] + "." + parts[2]);
        assertBad(header("{\"alg\":\"RS256\",\"kid\":\"rsa-1\",\"typ\":\"at+jwt\",\"crit\":[\"x\"]}") + "." + parts[1] + "."
                + parts[2]);
    }

    @Test
    void validatesTypeIssuerAndLifetime() {
        assertBad(token(SigningAlgorithm.ES256, null, claims -> { }));
        assertBad(token(SigningAlgorithm.ES256, "JWT", claims -> { }));
        assertBad(token(SigningAlgorithm.ES256, "at+jwt", claims -> claims.issuer("https://elsewhere.example")));
        assertBad(token(SigningAlgorithm.ES256, "at+jwt", claims -> claims.issuedAt(Instant.now().minusSeconds(3600))
                .expiresAt(Instant.now().minusSeconds(600))));
        assertBad(token(SigningAlgorithm.ES256, "at+jwt", claims -> claims.notBefore(Instant.now().plusSeconds(600))));
    }

    @Test
    void malformedInputIsABadTokenNeverAnotherError() {
        String good = token(SigningAlgorithm.EdDSA, "at+jwt", claims -> { });
        String[] parts = good.split("\\.");
        for (String bad : new String[] {null, "", ".", "..", "...", "a.b", "a.b.c.d", good + ".x", "!!!." + parts[1] + "." + parts[2],
                header("not json") + "." + parts[1] + "." + parts[2], header("[1,2]") + "." + parts[1] + "." + parts[2],
                parts[0] + "." + B64.encodeToString("{\"exp\":\"soon\"".getBytes(StandardCharsets.UTF_8)) + "." + parts[2],
                parts[0] + ".%%%." + parts[2], parts[0] + "." + parts[1] + ".***"}) {
            assertBad(bad);
        }
    }

    @Test
    void remembersAVerifiedTokenWhileItsKeyIsPublished() {
        String token = token(SigningAlgorithm.RS256, "at+jwt", claims -> { });
        Jwt first = remembering.decode(token);
        assertThat(remembering.decode(token)).isSameAs(first);
        assertThat(decoder.decode(token)).isNotSameAs(decoder.decode(token));

        published.put("rsa-1", published.get("rsa-1").toPublicJWK());
        Jwt reverified = remembering.decode(token);
        assertThat(reverified).isNotSameAs(first);
        assertThat(reverified.getClaims()).isEqualTo(first.getClaims());

        published.remove("rsa-1");
        assertThatThrownBy(() -> remembering.decode(token)).isInstanceOf(BadJwtException.class);
    }

    @Test
    void forgetsATokenWhoseKeyIdNowNamesAnotherKey() throws Exception {
        String token = token(SigningAlgorithm.ES256, "at+jwt", claims -> { });
        remembering.decode(token);
        published.put("ec-1", new ECKeyGenerator(Curve.P_256).keyID("ec-1").generate().toPublicJWK());
        assertThatThrownBy(() -> remembering.decode(token)).isInstanceOf(BadJwtException.class);
    }

    @Test
    void validatesARememberedTokenOnEveryCall() {
        String token = token(SigningAlgorithm.EdDSA, "at+jwt", claims -> { });
        remembering.decode(token);
        lifetime.setClock(Clock.offset(Clock.systemUTC(), Duration.ofMinutes(10)));
        assertThatThrownBy(() -> remembering.decode(token)).isInstanceOf(BadJwtException.class);
    }

    private String token(SigningAlgorithm algorithm, String type, Consumer<JwtClaimsSet.Builder> change) {
        Instant now = Instant.now();
        JwtClaimsSet.Builder claims = JwtClaimsSet.builder().issuer(ISSUER).subject("svc").audience(List.of("svc"))
                .claim("roles", List.of("a", "b")).issuedAt(now).expiresAt(now.plusSeconds(300)).id("jti-1");
        change.accept(claims);
        JwsHeader.Builder header = JwsHeader.with(() -> algorithm.name());
        if (type != null) {
            header.type(type);
        }
        return encoder.encode(JwtEncoderParameters.from(header.build(), claims.build())).getTokenValue();
    }

    private static String header(String json) {
        return B64.encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    private void assertBad(String token) {
        assertThatThrownBy(() -> decoder.decode(token)).as(String.valueOf(token)).isInstanceOf(BadJwtException.class);
        assertThatThrownBy(() -> remembering.decode(token)).as(String.valueOf(token)).isInstanceOf(BadJwtException.class);
    }
}
