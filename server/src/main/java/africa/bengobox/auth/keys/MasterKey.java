package africa.bengobox.auth.keys;

import africa.bengobox.auth.config.AuthProperties;
import africa.bengobox.auth.config.StartupCheckException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The one secret everything else at rest is protected by: private signing keys are encrypted with it, and keyed
 * hashes (client secrets) use keys derived from it. In production it comes from configuration; in the embedded
 * mode it is generated once into the data dir.
 */
@Component
public class MasterKey {

    private static final Logger log = LoggerFactory.getLogger(MasterKey.class);
    private static final String FILE_NAME = "master.key";
    private static final int NONCE_BYTES = 12;

    private final SecretKey key;
    private final SecureRandom random = new SecureRandom();

    public MasterKey(AuthProperties properties) {
        this.key = new SecretKeySpec(load(properties), "AES");
    }

    private static byte[] load(AuthProperties properties) {
        String configured = properties.keys().masterKey();
        if (configured != null) {
            if (!configured.trim().matches("[A-Za-z0-9+/]{43}=")) {
                throw new StartupCheckException("bengobox.auth.keys.master-key must be the base64 encoding of 32 bytes.",
                        "Set BENGOBOX_AUTH_KEYS_MASTER_KEY to the output of: openssl rand -base64 32");
            }
            return Base64.getDecoder().decode(configured.trim());
        }
        if (properties.production()) {
            throw new StartupCheckException("Production mode needs a master key, but bengobox.auth.keys.master-key is not set.",
                    "Set BENGOBOX_AUTH_KEYS_MASTER_KEY to the base64 of 32 random bytes (openssl rand -base64 32) and keep it in your secret store.");
        }
        Path file = properties.dataDir().resolve(FILE_NAME);
        try {
            if (Files.exists(file)) {
                return Base64.getDecoder().decode(Files.readString(file, StandardCharsets.US_ASCII).trim());
            }
            byte[] fresh = new byte[32];
            new SecureRandom().nextBytes(fresh);
            Files.createDirectories(properties.dataDir());
            Files.writeString(file, Base64.getEncoder().encodeToString(fresh), StandardCharsets.US_ASCII);
            restrictToOwner(file);
            log.info("Generated a master key in {}; back it up with the database", file);
            return fresh;
        } catch (IOException | IllegalArgumentException e) {
            throw new StartupCheckException("The master key file " + file + " cannot be read or written: " + e.getMessage(),
                    "Check the permissions of bengobox.auth.data-dir, or set BENGOBOX_AUTH_KEYS_MASTER_KEY.");
        }
    }

    private static void restrictToOwner(Path file) throws IOException {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: nothing more we can do
        }
    }

    /** AES-256-GCM; the associated data binds the ciphertext to its purpose (for example the key id). */
    public String encrypt(byte[] plaintext, String associatedData) {
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, nonce));
            cipher.updateAAD(associatedData.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(plaintext);
            byte[] out = new byte[nonce.length + sealed.length];
            System.arraycopy(nonce, 0, out, 0, nonce.length);
            System.arraycopy(sealed, 0, out, nonce.length, sealed.length);
            return Base64.getEncoder().encodeToString(out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available", e);
        }
    }

    public byte[] decrypt(String ciphertext, String associatedData) {
        byte[] in = Base64.getDecoder().decode(ciphertext);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, in, 0, NONCE_BYTES));
            cipher.updateAAD(associatedData.getBytes(StandardCharsets.UTF_8));
            return cipher.doFinal(in, NONCE_BYTES, in.length - NONCE_BYTES);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot decrypt with the configured master key: was it changed?", e);
        }
    }

    /** A key for one purpose, derived so that the master key itself is never used for two things. */
    public SecretKey derive(String purpose) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.getEncoded(), "HmacSHA256"));
            return new SecretKeySpec(mac.doFinal(("bengobox-auth:" + purpose).getBytes(StandardCharsets.UTF_8)), "HmacSHA256");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }
}
