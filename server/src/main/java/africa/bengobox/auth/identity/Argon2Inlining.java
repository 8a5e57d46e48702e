package africa.bengobox.auth.identity;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.management.JMException;
import javax.management.ObjectName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells HotSpot's JIT to inline Bouncy Castle's Blake2b round ({@code roundFunction}, its {@code G} mixing steps and
 * their 64-bit rotations) wherever it compiles Argon2 code, through a compiler directive added at run time (the
 * {@code Compiler.directives_add} diagnostic command, as {@code jcmd} would). Without it, C2 often compiles {@code G}
 * and {@code roundFunction} on their own first — they become hot before their callers — and later compilations of the
 * callers then leave them out of line: every one of the 128 mixing steps of a block becomes a call with unchecked
 * array indices, and a hash took 20 to 42 ms from one JVM to the next (21 to 22 ms with the directive; see ADR 0010).
 * The rotations are named too: in about one JVM in five C2 judged {@code Long.rotateRight} "low call site frequency"
 * from an early profile and left the 512 rotations of a block as calls, which doubled the hash (ADR 0010). A JVM
 * without the command (not HotSpot, no management) hashes correctly, only at that JVM's luck.
 */
final class Argon2Inlining {

    private static final Logger log = LoggerFactory.getLogger(Argon2Inlining.class);
    private static final String GENERATOR = "org/bouncycastle/crypto/generators/Argon2BytesGenerator";
    /** Bouncy Castle's private methods of the Blake2b round (a test checks they still exist). */
    static final List<String> ROUND = List.of("G", "roundFunction");
    /** The rotations {@code G} makes, through Bouncy Castle's helper (a test checks the helper still exists). */
    static final List<String> ROTATIONS =
            List.of("org/bouncycastle/util/Longs.rotateRight", "java/lang/Long.rotateRight");
    /**
     * JSON5, the compiler-directive format: when compiling any Argon2 method, always inline the Blake2b round, its
     * rotations and the synthetic accessors the nested classes call the round through.
     */
    private static final String DIRECTIVE = "[{match: \"" + GENERATOR + "*.*\", inline: ["
            + Stream.concat(ROUND.stream().map(name -> GENERATOR + "." + name), ROTATIONS.stream())
                    .map(method -> "\"+" + method + "\", ").collect(Collectors.joining())
            + "\"+" + GENERATOR + ".access$*\"]}]";

    private Argon2Inlining() {
    }

    /** Adds the directive once per JVM; the class initialiser of {@link Argon2id} calls it before any hash. */
    static void install() {
        Path file = null;
        try {
            file = Files.createTempFile("bengobox-argon2-", ".json");
            Files.writeString(file, DIRECTIVE);
            Object result = ManagementFactory.getPlatformMBeanServer().invoke(
                    new ObjectName("com.sun.management:type=DiagnosticCommand"), "compilerDirectivesAdd",
                    new Object[] {new String[] {file.toString()}}, new String[] {String[].class.getName()});
            log.debug("Argon2 compiler directive: {}", result);
        } catch (IOException | JMException | RuntimeException e) {
            log.info("Argon2 compiler directive not added ({}); hashing speed is left to the JIT", e.toString());
        } finally {
            deleteQuietly(file);
        }
    }

    private static void deleteQuietly(Path file) {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                log.debug("Could not delete {}", file, e);
            }
        }
    }
}
