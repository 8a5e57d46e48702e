package africa.bengobox.auth.identity;

import africa.bengobox.auth.config.AuthProperties;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.Semaphore;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;
import org.springframework.stereotype.Component;

/**
 * Argon2id password hashing (Bouncy Castle through Spring Security). Each hash takes the configured memory, so at
 * most {@code bengobox.auth.password.max-concurrent} run at once: a login storm queues instead of exhausting the heap.
 * The encoded hash carries its parameters; {@link #needsRehash} tells when they differ from the configured ones.
 */
@Component
public class PasswordHasher {

    private static final int SALT_BYTES = 16;
    private static final int HASH_BYTES = 32;

    private final Argon2PasswordEncoder encoder;
    private final Semaphore permits;
    private final String parameterPrefix;
    private final Timer timer;

    public PasswordHasher(AuthProperties properties, MeterRegistry meters) {
        AuthProperties.Password p = properties.password();
        this.encoder = new Argon2PasswordEncoder(SALT_BYTES, HASH_BYTES, p.parallelism(), p.memoryKib(), p.iterations());
        this.permits = new Semaphore(p.effectiveMaxConcurrent(), true);
        this.parameterPrefix = "$argon2id$v=19$m=" + p.memoryKib() + ",t=" + p.iterations() + ",p=" + p.parallelism() + "$";
        this.timer = Timer.builder("bengobox.password.hash").description("Argon2id hash and verify time, queueing included")
                .register(meters);
    }

    public String hash(CharSequence password) {
        return bounded(() -> encoder.encode(password));
    }

    /** Constant-time check of a password against an Argon2id hash; false for any other format. */
    public boolean verify(CharSequence password, String encoded) {
        if (encoded == null || !encoded.startsWith("$argon2id$")) {
            return false;
        }
        return bounded(() -> encoder.matches(password, encoded));
    }

    public boolean needsRehash(String encoded) {
        return encoded == null || !encoded.startsWith(parameterPrefix);
    }

    public static boolean isArgon2id(String encoded) {
        return encoded != null && encoded.matches("\\$argon2id\\$v=19\\$m=\\d+,t=\\d+,p=\\d+\\$[A-Za-z0-9+/]+={0,2}\\$[A-Za-z0-9+/]+={0,2}");
    }

    private <T> T bounded(java.util.function.Supplier<T> work) {
        Timer.Sample sample = Timer.start();
        try {
            permits.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting to hash a password", e);
        }
        try {
            return work.get();
        } finally {
            permits.release();
            sample.stop(timer);
        }
    }
}
