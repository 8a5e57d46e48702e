package africa.bengobox.auth.oauth.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import africa.bengobox.auth.keys.SigningAlgorithm;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class JwsCryptoTest {

    private static KeyPair rsa;
    private static KeyPair ec;

    @BeforeAll
    static void keys() throws Exception {
        KeyPairGenerator rsaGenerator = KeyPairGenerator.getInstance("RSA");
        rsaGenerator.initialize(2048);
        rsa = rsaGenerator.generateKeyPair();
        KeyPairGenerator ecGenerator = KeyPairGenerator.getInstance("EC");
        ecGenerator.initialize(new ECGenParameterSpec("secp256r1"));
        ec = ecGenerator.generateKeyPair();
    }

    @Test
    void rsaSignaturesAskedForAtOnceAreAllMadeAndValid() throws Exception {
        int threads = 4 * Runtime.getRuntime().availableProcessors() + 4;
        List<Callable<Boolean>> signers = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            byte[] input = ("header.payload-" + i).getBytes(StandardCharsets.US_ASCII);
            signers.add(() -> {
                boolean valid = true;
                for (int n = 0; n < 5; n++) {
                    byte[] signature = JwsCrypto.sign(SigningAlgorithm.RS256, rsa.getPrivate(), input);
                    valid &= JwsCrypto.verify(SigningAlgorithm.RS256, rsa.getPublic(), input, signature);
                }
                return valid;
            });
        }
        // not closed with try-with-resources: close() would wait for ever on a stuck signer
        ExecutorService pool = Executors.newFixedThreadPool(threads, Thread.ofPlatform().daemon().factory());
        try {
            List<Future<Boolean>> results = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> pool.invokeAll(signers));
            for (Future<Boolean> result : results) {
                assertThat(result.get()).isTrue();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aFailedRsaSignatureLeavesTheThreadAbleToSign() throws Exception {
        byte[] input = "header.payload".getBytes(StandardCharsets.US_ASCII);
        assertThatThrownBy(() -> JwsCrypto.sign(SigningAlgorithm.RS256, ec.getPrivate(), input))
                .isInstanceOf(GeneralSecurityException.class);
        byte[] signature = JwsCrypto.sign(SigningAlgorithm.RS256, rsa.getPrivate(), input);
        assertThat(JwsCrypto.verify(SigningAlgorithm.RS256, rsa.getPublic(), input, signature)).isTrue();
    }
}
