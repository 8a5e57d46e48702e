package africa.bengobox.auth.identity;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * Argon2id (RFC 9106, version 0x13) on Bouncy Castle, in the PHC string format Spring Security's
 * {@code Argon2PasswordEncoder} reads and writes ({@code $argon2id$v=19$m=..,t=..,p=..$salt$hash}, unpadded base64),
 * so hashes made by either verify with the other.
 *
 * <p>Unlike Spring's encoder it keeps each thread's block memory between hashes (Bouncy Castle's block pool): a hash
 * with the default 19 MiB otherwise allocates 19,456 one-KiB blocks that live through young collections, and that
 * garbage cost the server a quarter of its hashing rate under a 320 MiB heap (with the pool, the benchmark's rate
 * doubled). Meant for a few long-lived threads (the password pool, a benchmark's threads); each keeps at most one
 * hash's worth of blocks.
 */
public final class Argon2id {

    /** The largest costs accepted, in configuration and in stored hashes (bounding what one verification may take). */
    private static final int MAX_MEMORY_KIB = 1024 * 1024;
    private static final int MAX_ITERATIONS = 64;
    private static final int MAX_PARALLELISM = 16;
    private static final String PREFIX = "$argon2id$v=19$";
    private static final Base64.Encoder BASE64 = Base64.getEncoder().withoutPadding();

    private final int saltBytes;
    private final int hashBytes;
    private final int parallelism;
    private final int memoryKib;
    private final int iterations;
    private final String parameters;
    private final SecureRandom random = new SecureRandom();
    private final ThreadLocal<Argon2BytesGenerator.BlockPool> blocks;

    static {
        Argon2Inlining.install();
    }

    public Argon2id(int saltBytes, int hashBytes, int parallelism, int memoryKib, int iterations) {
        if (memoryKib > MAX_MEMORY_KIB || iterations > MAX_ITERATIONS || parallelism > MAX_PARALLELISM) {
            throw new IllegalArgumentException("Argon2id parameters above the supported maximum");
        }
        this.saltBytes = saltBytes;
        this.hashBytes = hashBytes;
        this.parallelism = parallelism;
        this.memoryKib = memoryKib;
        this.iterations = iterations;
        this.parameters = "m=" + memoryKib + ",t=" + iterations + ",p=" + parallelism;
        int poolBlocks = Argon2BytesGenerator.getBlockCount(memoryKib, parallelism);
        this.blocks = ThreadLocal.withInitial(() -> new ThreadBlocks(poolBlocks));
    }

    /** The prefix of hashes made with this instance's parameters. */
    public String prefix() {
        return PREFIX + parameters + "$";
    }

    public String encode(CharSequence password) {
        byte[] salt = new byte[saltBytes];
        random.nextBytes(salt);
        byte[] hash = generate(password, salt, hashBytes, memoryKib, iterations, parallelism);
        return prefix() + BASE64.encodeToString(salt) + "$" + BASE64.encodeToString(hash);
    }

    /** Constant-time comparison; false for anything that is not a well-formed Argon2id v19 hash within the limits. */
    public boolean matches(CharSequence password, String encoded) {
        if (password == null || encoded == null || !encoded.startsWith(PREFIX)) {
            return false;
        }
        String[] parts = encoded.substring(PREFIX.length()).split("\\$", -1);
        if (parts.length != 3) {
            return false;
        }
        try {
            String[] costs = parts[0].split(",", -1);
            if (costs.length != 3 || !costs[0].startsWith("m=") || !costs[1].startsWith("t=") || !costs[2].startsWith("p=")) {
                return false;
            }
            int m = Integer.parseInt(costs[0].substring(2));
            int t = Integer.parseInt(costs[1].substring(2));
            int p = Integer.parseInt(costs[2].substring(2));
            byte[] salt = Base64.getDecoder().decode(parts[1]);
            byte[] expected = Base64.getDecoder().decode(parts[2]);
            if (p < 1 || p > MAX_PARALLELISM || t < 1 || t > MAX_ITERATIONS || m < 8 * p || m > MAX_MEMORY_KIB
                    || salt.length < 8 || expected.length < 4) {
                return false;
            }
            return MessageDigest.isEqual(generate(password, salt, expected.length, m, t, p), expected);
        } catch (IllegalArgumentException e) { // a malformed number or base64
            return false;
        }
    }

    private byte[] generate(CharSequence password, byte[] salt, int length, int m, int t, int p) {
        Argon2Parameters.Builder builder = new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                .withVersion(Argon2Parameters.ARGON2_VERSION_13)
                .withSalt(salt)
                .withMemoryAsKB(m)
                .withIterations(t)
                .withParallelism(p);
        if (m == memoryKib && p == parallelism) {
            builder.withBlockPool(blocks.get()); // other sizes (older hashes) allocate their own
        }
        Argon2BytesGenerator generator = new Argon2BytesGenerator();
        generator.init(builder.build());
        byte[] secret = utf8(password);
        byte[] hash = new byte[length];
        try {
            generator.generateBytes(secret, hash);
        } finally {
            Arrays.fill(secret, (byte) 0);
        }
        return hash;
    }

    private static byte[] utf8(CharSequence password) {
        ByteBuffer encoded = StandardCharsets.UTF_8.encode(CharBuffer.wrap(password));
        byte[] bytes = new byte[encoded.remaining()];
        encoded.get(bytes);
        if (encoded.hasArray()) {
            Arrays.fill(encoded.array(), (byte) 0);
        }
        return bytes;
    }

    /**
     * One thread's free blocks: a plain stack, since only its thread uses it (Bouncy Castle's FixedBlockPool locks
     * on every block and, in the profile, regrew its list on every hash).
     */
    private static final class ThreadBlocks implements Argon2BytesGenerator.BlockPool {

        private final Argon2BytesGenerator.Block[] free;
        private int size;

        ThreadBlocks(int capacity) {
            this.free = new Argon2BytesGenerator.Block[capacity];
        }

        @Override
        public Argon2BytesGenerator.Block allocate() {
            return size > 0 ? free[--size] : new Argon2BytesGenerator.Block();
        }

        @Override
        public void deallocate(Argon2BytesGenerator.Block block) {
            if (size < free.length) {
                free[size++] = block; // cleared by the generator before it hands the block back
            }
        }
    }
}
