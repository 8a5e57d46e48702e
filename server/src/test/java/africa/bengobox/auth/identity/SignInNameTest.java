package africa.bengobox.auth.identity;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

/** A sign-in name is a username or an email address, in any case; a username match wins over an email match. */
@SpringBootTest
class SignInNameTest {

    @Autowired UserService users;

    @Test
    void byUsernameOrEmailAddressInAnyCase() {
        User amina = users.upsert(new NewUser("amina.w", "Amina@Example.com", true, "amina's long passphrase", null));
        assertThat(users.authenticate("amina.w", "amina's long passphrase")).map(User::id).contains(amina.id());
        assertThat(users.authenticate("  AMINA.W ", "amina's long passphrase")).map(User::id).contains(amina.id());
        assertThat(users.authenticate("amina@example.com", "amina's long passphrase")).map(User::id).contains(amina.id());
        assertThat(users.authenticate("amina.w", "not amina's passphrase")).isEmpty();
        assertThat(users.authenticate("nobody.here", "amina's long passphrase")).isEmpty();
        assertThat(users.authenticate("", "amina's long passphrase")).isEmpty();
    }

    @Test
    void aUsernameThatLooksLikeAnotherUsersEmailAddressIsThatUsername() {
        User byName = users.upsert(new NewUser("kamau@example.org", null, false, "the username's passphrase", null));
        users.upsert(new NewUser("kamau", "kamau@example.org", true, "the email owner's passphrase", null));
        assertThat(users.authenticate("kamau@example.org", "the username's passphrase")).map(User::id).contains(byName.id());
        assertThat(users.authenticate("kamau@example.org", "the email owner's passphrase")).isEmpty();
        assertThat(users.authenticate("kamau", "the email owner's passphrase")).isPresent();
    }
}
