package africa.bengobox.auth.identity;

import africa.bengobox.auth.config.AuthProperties;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Argon2id password hashing ({@link Argon2id}, reusing each hashing thread's memory) on its own pool of
 * {@code bengobox.auth.password.max-concurrent} platform threads. Each hash takes the configured memory, so a login
 * storm queues instead of exhausting the heap: a request thread waits for its hash, and token or JWKS requests keep
 * the other request threads. The hashing threads run at the lowest Java priority, which the deployed JVM options
 * ({@code -XX:ThreadPriorityPolicy=1}) make nice 4: a request thread that wakes up during a storm gets a core ahead of
 * a hash instead of after the hash's time slice (docs/decisions/0015). The encoded hash carries its parameters;
 * {@link #needsRehash} tells when they differ from the configured ones.
 */
@Component
public class PasswordHasher implements DisposableBean {

    private static final int SALT_BYTES = 16;
    private static final int HASH_BYTES = 32;

    private final Argon2id encoder;
    private final ExecutorService pool;
    private final Timer timer;

    public PasswordHasher(AuthProperties properties, MeterRegistry meters) {
        AuthProperties.Password p = properties.password();
        this.encoder = new Argon2id(SALT_BYTES, HASH_BYTES, p.parallelism(), p.memoryKib(), p.iterations());
        this.pool = Executors.newFixedThreadPool(p.effectiveMaxConcurrent(),
                Thread.ofPlatform().name("argon2id-", 0).daemon(true).priority(Thread.MIN_PRIORITY).factory());
        this.timer = Timer.builder("bengobox.password.hash").description("Argon2id hash and verify time, queueing included")
                .register(meters);
    }

    public String hash(CharSequence password) {
        return await(hashLater(password));
    }

    /** Starts hashing on the pool; for work that should not hold up its caller, such as start-up. */
    public Future<String> hashLater(CharSequence password) {
        return timed(() -> encoder.encode(password));
    }

    /** Constant-time check of a password against an Argon2id hash; false for any other format. */
    public boolean verify(CharSequence password, String encoded) {
        if (encoded == null || !encoded.startsWith("$argon2id$")) {
            return false;
        }
        return await(timed(() -> encoder.matches(password, encoded)));
    }

    /** Runs the work on the pool, timing it from now: the queueing for a thread counts. */
    private <T> Future<T> timed(Callable<T> work) {
        Timer.Sample sample = Timer.start();
        return pool.submit(() -> {
            try {
                return work.call();
            } finally {
                sample.stop(timer);
            }
        });
    }

    /**
     * Checks a password against a hash imported from another service (bcrypt, PBKDF2) on the same pool, for the same
     * reason: those take tens to hundreds of milliseconds too.
     */
    boolean verifyLegacy(CharSequence password, String encoded) {
        return await(pool.submit(() -> LegacyHashes.verify(password, encoded)));
    }

    public boolean needsRehash(String encoded) {
        return encoded == null || !encoded.startsWith(encoder.prefix());
    }

    public static boolean isArgon2id(String encoded) {
        return encoded != null && encoded.matches("\\$argon2id\\$v=19\\$m=\\d+,t=\\d+,p=\\d+\\$[A-Za-z0-9+/]+={0,2}\\$[A-Za-z0-9+/]+={0,2}");
    }

    static <T> T await(Future<T> result) {
        try {
            return result.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for a password hash", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        }
    }

    @Override
    public void destroy() {
        pool.shutdownNow();
    }
}
