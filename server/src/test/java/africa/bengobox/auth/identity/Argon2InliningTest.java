package africa.bengobox.auth.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.lang.management.ManagementFactory;
import java.lang.reflect.Method;
import java.util.Arrays;
import javax.management.ObjectName;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.util.Longs;
import org.junit.jupiter.api.Test;

/** The JIT directive is in force once Argon2id is loaded, and still names methods Bouncy Castle has. */
class Argon2InliningTest {

    @Test
    void theDirectiveIsAddedWhenArgon2idIsFirstUsed() throws Exception {
        new Argon2id(16, 32, 1, 8, 1);

        String directives = (String) ManagementFactory.getPlatformMBeanServer().invoke(
                new ObjectName("com.sun.management:type=DiagnosticCommand"), "compilerDirectivesPrint",
                new Object[] {new String[0]}, new String[] {String[].class.getName()});
        assertThat(directives)
                .contains("org/bouncycastle/crypto/generators/Argon2BytesGenerator.G")
                .contains("org/bouncycastle/crypto/generators/Argon2BytesGenerator.roundFunction")
                .contains("org/bouncycastle/util/Longs.rotateRight")
                .contains("java/lang/Long.rotateRight");
    }

    /**
     * A Bouncy Castle upgrade that renames the Blake2b round or its rotation helper would otherwise silently lose the
     * inlining.
     */
    @Test
    void theInlinedMethodsExistInBouncyCastle() {
        assertThat(Arrays.stream(Argon2BytesGenerator.class.getDeclaredMethods()).map(Method::getName))
                .contains("G", "roundFunction")
                .containsAll(Argon2Inlining.ROUND);
        assertThatCode(() -> Longs.class.getMethod("rotateRight", long.class, int.class)).doesNotThrowAnyException();
    }
}
