package africa.bengobox.auth.identity;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;

/** A hash made with other Argon2id parameters verifies, and is replaced by one with the configured parameters. */
@SpringBootTest
class PasswordRehashTest {

    @Autowired UserService users;
    @Autowired JdbcClient jdbc;

    @Test
    void olderParametersAreUpgradedAtTheNextSuccessfulLogin() {
        String weak = new Argon2PasswordEncoder(16, 32, 1, 8192, 1).encode("an-old-password");
        users.upsert(new NewUser("legacy-user", null, false, null, weak));
        assertThat(storedHash()).startsWith("$argon2id$v=19$m=8192,t=1,p=1$");

        assertThat(users.authenticate("legacy-user", "wrong-password-x")).isEmpty();
        assertThat(storedHash()).as("a failed login changes nothing").isEqualTo(weak);

        assertThat(users.authenticate("legacy-user", "an-old-password")).isPresent();
        assertThat(storedHash()).startsWith("$argon2id$v=19$m=19456,t=2,p=1$");
        assertThat(users.authenticate("legacy-user", "an-old-password")).isPresent();
    }

    private String storedHash() {
        return jdbc.sql("select password_hash from users where username_normalized = 'legacy-user'").query(String.class).single();
    }
}
