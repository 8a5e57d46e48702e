package africa.bengobox.auth.bench;

import africa.bengobox.auth.identity.Argon2id;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Argon2id with the server's default parameters (16-byte salt, 32-byte hash, 1 lane, 19 MiB, 2 passes) and the
 * server's own implementation ({@link Argon2id}, as its PasswordHasher builds it; each benchmark thread keeps its block
 * memory like each of the server's hashing threads). A password sign-in verifies one hash, which costs the same as making one, so
 * this is the upper bound of password logins per second.
 * <p>
 * Three forks, and the score is their mean: before the server kept Bouncy Castle's Blake2b round inlined (ADR 0010,
 * which applies here too: the directive is added when {@link Argon2id} is loaded), the JIT compiled the inner loop
 * into code whose speed differed by up to a half from one JVM to the next, and single forks of one build measured
 * 91.4 and 72.7 verifications per second. With it the forks agree within the host's noise.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(3)
@State(Scope.Benchmark)
public class Argon2Benchmark {

    private Argon2id encoder;
    private String hash;

    @Setup
    public void setUp() {
        encoder = new Argon2id(16, 32, 1, 19456, 2);
        hash = encoder.encode("bench-password-0123");
    }

    @Benchmark
    public boolean verify() {
        return encoder.matches("bench-password-0123", hash);
    }
}
