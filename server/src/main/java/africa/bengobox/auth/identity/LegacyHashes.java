package africa.bengobox.auth.identity;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

/**
 * Password hashes of the services whose users migrate in: bcrypt ({@code $2a$}, {@code $2b$}, {@code $2y$}) and
 * PBKDF2 in passlib's ({@code $pbkdf2-sha256$29000$salt$hash}, adapted base64) or Django's
 * ({@code pbkdf2_sha256$260000$salt$base64hash}) form, with SHA-1, SHA-256 or SHA-512. They are accepted on import
 * and replaced by Argon2id at the next successful sign-in.
 */
final class LegacyHashes {

    private static final Pattern BCRYPT = Pattern.compile("\\$2[aby]\\$(\\d{2})\\$[./A-Za-z0-9]{53}");
    private static final Pattern PASSLIB = Pattern.compile("\\$pbkdf2(?:-(sha256|sha512))?\\$(\\d{1,7})\\$([./A-Za-z0-9]*)\\$([./A-Za-z0-9]+)");
    private static final Pattern DJANGO = Pattern.compile("pbkdf2_(sha1|sha256)\\$(\\d{1,7})\\$([^$]{1,128})\\$([A-Za-z0-9+/]+={0,2})");
    private static final BCryptPasswordEncoder BCRYPT_ENCODER = new BCryptPasswordEncoder();

    private LegacyHashes() {
    }

    static boolean isLegacy(String encoded) {
        return encoded != null && (isBcrypt(encoded) || PASSLIB.matcher(encoded).matches() || DJANGO.matcher(encoded).matches());
    }

    private static boolean isBcrypt(String encoded) {
        Matcher m = BCRYPT.matcher(encoded);
        return m.matches() && Integer.parseInt(m.group(1)) >= 4 && Integer.parseInt(m.group(1)) <= 31;
    }

    /** Constant-time check of a password against a legacy hash; false for anything else. */
    static boolean verify(CharSequence password, String encoded) {
        if (encoded == null) {
            return false;
        }
        if (isBcrypt(encoded)) {
            return BCRYPT_ENCODER.matches(password, encoded);
        }
        Matcher passlib = PASSLIB.matcher(encoded);
        if (passlib.matches()) {
            String alg = passlib.group(1) == null ? "SHA1" : passlib.group(1).toUpperCase(java.util.Locale.ROOT);
            byte[] salt = adaptedBase64(passlib.group(3));
            byte[] expected = adaptedBase64(passlib.group(4));
            return pbkdf2Matches(alg, password, salt, Integer.parseInt(passlib.group(2)), expected);
        }
        Matcher django = DJANGO.matcher(encoded);
        if (django.matches()) {
            byte[] expected = Base64.getDecoder().decode(django.group(4));
            return pbkdf2Matches(django.group(1).toUpperCase(java.util.Locale.ROOT), password,
                    django.group(3).getBytes(StandardCharsets.UTF_8), Integer.parseInt(django.group(2)), expected);
        }
        return false;
    }

    private static boolean pbkdf2Matches(String alg, CharSequence password, byte[] salt, int iterations, byte[] expected) {
        if (iterations < 1 || expected.length == 0 || expected.length > 128) {
            return false;
        }
        try {
            char[] chars = password.toString().toCharArray();
            byte[] actual = SecretKeyFactory.getInstance("PBKDF2WithHmac" + alg)
                    .generateSecret(new PBEKeySpec(chars, salt, iterations, expected.length * 8)).getEncoded();
            return MessageDigest.isEqual(actual, expected);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    /** passlib's "adapted base64": standard alphabet with '.' for '+', no padding. */
    private static byte[] adaptedBase64(String s) {
        return Base64.getDecoder().decode(s.replace('.', '+') + "=".repeat((4 - s.length() % 4) % 4));
    }
}
