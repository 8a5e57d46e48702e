package africa.bengobox.auth.oauth.store;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Token values are never stored: only their SHA-256. A token rebuilt from storage that was not the one presented
 * carries a placeholder value of the form {@code hashed:<hex>}, which maps back to the same hash when saved.
 */
public final class TokenHashes {

    static final String PLACEHOLDER_PREFIX = "hashed:";

    private TokenHashes() {
    }

    public static String hash(String tokenValue) {
        if (tokenValue.startsWith(PLACEHOLDER_PREFIX)) {
            return tokenValue.substring(PLACEHOLDER_PREFIX.length());
        }
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(digest.digest(tokenValue.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String placeholder(String hash) {
        return PLACEHOLDER_PREFIX + hash;
    }
}
