package africa.bengobox.auth.oauth.client;

import africa.bengobox.auth.keys.MasterKey;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.SecretKey;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;

/**
 * Client secrets are long random strings (generated here, or at least 16 characters when declared), so a slow hash would add nothing but
 * latency on every token request. They are stored as HMAC-SHA256 under a key derived from the master key (a stolen
 * database alone does not allow offline guessing) and compared in constant time.
 */
@Component
public class ClientSecretHasher implements PasswordEncoder {

    private static final String PREFIX = "hmac-sha256:";

    private final SecureRandom random = new SecureRandom();
    /** Per request thread: looking the algorithm up and keying it cost as much as the HMAC itself on every request. */
    private final ThreadLocal<Mac> macs;

    public ClientSecretHasher(MasterKey masterKey) {
        SecretKey key = masterKey.derive("client-secret");
        this.macs = ThreadLocal.withInitial(() -> {
            try {
                Mac mac = Mac.getInstance("HmacSHA256");
                mac.init(key);
                return mac;
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("HmacSHA256 is not available", e);
            }
        });
    }

    /** A new secret with 256 bits of entropy, base64url without padding (43 characters). */
    public String generateSecret() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    @Override
    public String encode(CharSequence rawSecret) {
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(mac(rawSecret));
    }

    @Override
    public boolean matches(CharSequence rawSecret, String encoded) {
        if (rawSecret == null || encoded == null || !encoded.startsWith(PREFIX)) {
            return false;
        }
        byte[] expected;
        try {
            expected = Base64.getUrlDecoder().decode(encoded.substring(PREFIX.length()));
        } catch (IllegalArgumentException e) {
            return false;
        }
        return MessageDigest.isEqual(expected, mac(rawSecret));
    }

    private byte[] mac(CharSequence raw) {
        return macs.get().doFinal(raw.toString().getBytes(StandardCharsets.UTF_8)); // doFinal leaves it reset for the next
    }
}
