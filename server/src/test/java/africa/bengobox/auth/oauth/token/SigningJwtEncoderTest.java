package africa.bengobox.auth.oauth.token;

import static org.assertj.core.api.Assertions.assertThat;

import africa.bengobox.auth.keys.Ed25519Keys;
import africa.bengobox.auth.keys.SigningAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;

/** The hook the server yields its core in runs before each RSA signature and before no other. */
class SigningJwtEncoderTest {

    @Test
    void runsItsHookBeforeEachRsaSignatureOnly() throws Exception {
        Map<SigningAlgorithm, JWK> keys = Map.of(SigningAlgorithm.RS256, new RSAKeyGenerator(2048).keyID("rsa-1").generate(),
                SigningAlgorithm.ES256, new ECKeyGenerator(Curve.P_256).keyID("ec-1").generate(),
                SigningAlgorithm.EdDSA, Ed25519Keys.generate("ed-1"));
        AtomicInteger hooks = new AtomicInteger();
        SigningJwtEncoder encoder = new SigningJwtEncoder(keys::get, hooks::incrementAndGet);
        JwtClaimsSet claims = JwtClaimsSet.builder().subject("svc").issuedAt(Instant.now()).build();

        for (SigningAlgorithm algorithm : SigningAlgorithm.values()) {
            int before = hooks.get();
            encoder.encode(JwtEncoderParameters.from(JwsHeader.with(algorithm::name).build(), claims));
            encoder.encode(JwtEncoderParameters.from(JwsHeader.with(algorithm::name).build(), claims));
            assertThat(hooks.get() - before).as(algorithm.name()).isEqualTo(algorithm == SigningAlgorithm.RS256 ? 2 : 0);
        }
    }

    @Test
    void theServersEncoderMakesAValidRs256Signature() throws Exception {
        JWK rsa = new RSAKeyGenerator(2048).keyID("rsa-1").generate();
        SigningJwtEncoder encoder = SigningJwtEncoder.yieldingTheCore(algorithm -> algorithm == SigningAlgorithm.RS256 ? rsa : null);
        String token = encoder.encode(JwtEncoderParameters.from(JwsHeader.with(() -> "RS256").build(),
                JwtClaimsSet.builder().subject("svc").build())).getTokenValue();
        assertThat(token.split("\\.")).hasSize(3);
        int payloadEnd = token.lastIndexOf('.');
        byte[] signature = Base64.getUrlDecoder().decode(token.substring(payloadEnd + 1));
        assertThat(JwsCrypto.verify(SigningAlgorithm.RS256, JwsCrypto.publicKey(rsa),
                token.substring(0, payloadEnd).getBytes(StandardCharsets.US_ASCII), signature)).isTrue();
    }
}
