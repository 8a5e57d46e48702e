package africa.bengobox.auth.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;

/** Our Argon2id and Spring Security's encoder read each other's hashes; the reused block memory changes no result. */
class Argon2idTest {

    private final Argon2id argon2 = new Argon2id(16, 32, 1, 8192, 2);
    private final Argon2PasswordEncoder spring = new Argon2PasswordEncoder(16, 32, 1, 8192, 2);

    @Test
    void hashesVerifyBothWaysWithSpringSecuritysEncoder() {
        String ours = argon2.encode("correct horse battery");
        assertThat(ours).startsWith("$argon2id$v=19$m=8192,t=2,p=1$").startsWith(argon2.prefix());
        assertThat(spring.matches("correct horse battery", ours)).isTrue();
        assertThat(spring.matches("correct horse batterY", ours)).isFalse();

        String theirs = spring.encode("correct horse battery");
        assertThat(argon2.matches("correct horse battery", theirs)).isTrue();
        assertThat(argon2.matches("correct horse batterY", theirs)).isFalse();
    }

    @Test
    void hashesWithOtherParametersVerifyWithTheirOwn() {
        String other = new Argon2PasswordEncoder(16, 32, 2, 12288, 1).encode("pässwörd with ünïcode");
        assertThat(argon2.matches("pässwörd with ünïcode", other)).isTrue();
        assertThat(argon2.matches("passwords with unicode", other)).isFalse();
        assertThat(other).doesNotStartWith(argon2.prefix());
    }

    @Test
    void reusedMemoryGivesTheSameResultsOnEveryThread() throws Exception {
        String stored = argon2.encode("first password");
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            for (int i = 0; i < 3; i++) {
                Future<Boolean> right = threads.submit(() -> argon2.matches("first password", stored));
                Future<Boolean> wrong = threads.submit(() -> argon2.matches("second password", stored));
                assertThat(right.get()).isTrue();
                assertThat(wrong.get()).isFalse();
            }
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void malformedOrUnaffordableHashesAreRefusedWithoutAnError() {
        String good = argon2.encode("password-1234");
        String salt = good.split("\\$")[4];
        String hash = good.split("\\$")[5];
        for (String bad : new String[] {
                null, "", "$argon2i$v=19$m=8192,t=2,p=1$" + salt + "$" + hash,
                "$argon2id$v=16$m=8192,t=2,p=1$" + salt + "$" + hash,
                "$argon2id$v=19$m=8192,t=2$" + salt + "$" + hash,
                "$argon2id$v=19$m=x,t=2,p=1$" + salt + "$" + hash,
                "$argon2id$v=19$m=8192,t=2,p=1$" + salt + "$" + hash + "$extra",
                "$argon2id$v=19$m=8192,t=2,p=1$!!!$" + hash,
                "$argon2id$v=19$m=8192,t=0,p=1$" + salt + "$" + hash,
                "$argon2id$v=19$m=4,t=2,p=1$" + salt + "$" + hash,
                "$argon2id$v=19$m=2097152,t=2,p=1$" + salt + "$" + hash,
                "$argon2id$v=19$m=8192,t=1000,p=1$" + salt + "$" + hash}) {
            assertThat(argon2.matches("password-1234", bad)).as(String.valueOf(bad)).isFalse();
        }
        assertThat(argon2.matches(null, good)).isFalse();
        assertThat(argon2.matches("password-1234", good)).isTrue();
    }
}
