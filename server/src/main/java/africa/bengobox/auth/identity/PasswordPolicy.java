package africa.bengobox.auth.identity;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import org.springframework.core.io.ClassPathResource;
import org.springframework.stereotype.Component;

/**
 * Which passwords are acceptable (NIST SP 800-63B 5.1.1.2): at least the platform minimum (or a tenant's higher one),
 * at most {@link UserService#MAX_PASSWORD} characters, not on the shipped list of common breached passwords
 * ({@code identity/common-passwords.txt}, see its README), not the username or email. No composition rules.
 */
@Component
public class PasswordPolicy {

    static final String LIST = "identity/common-passwords.txt";

    private final int platformMinimum;
    private final Set<String> common;

    PasswordPolicy(AccountProperties properties) {
        this.platformMinimum = properties.password().minLength();
        this.common = load();
    }

    /** The minimum length for a tenant's minimum, which may raise the platform's but never lower it. */
    public int minimumLength(Integer tenantMinimum) {
        int min = tenantMinimum == null ? platformMinimum : Math.max(platformMinimum, tenantMinimum);
        return Math.min(min, UserService.MAX_PASSWORD);
    }

    /** Throws {@link IllegalArgumentException} with the reason the password is refused. */
    public void check(String password, Integer tenantMinimum, String... personalWords) {
        int min = minimumLength(tenantMinimum);
        if (password == null || password.codePointCount(0, password.length()) < min) {
            throw new IllegalArgumentException("password must be at least " + min + " characters");
        }
        if (password.length() > UserService.MAX_PASSWORD) {
            throw new IllegalArgumentException("password must be at most " + UserService.MAX_PASSWORD + " characters");
        }
        String lower = password.toLowerCase(Locale.ROOT);
        if (common.contains(lower)) {
            throw new IllegalArgumentException("password is one of the most commonly used passwords; choose another");
        }
        for (String word : personalWords) {
            if (word != null && !word.isBlank() && lower.equals(word.trim().toLowerCase(Locale.ROOT))) {
                throw new IllegalArgumentException("password must not be your username or email address");
            }
        }
    }

    private static Set<String> load() {
        Set<String> words = new HashSet<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(new ClassPathResource(LIST).getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    words.add(line.trim().toLowerCase(Locale.ROOT));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + LIST, e);
        }
        return Set.copyOf(words);
    }
}
