package africa.bengobox.auth.keys;

import com.nimbusds.jose.jwk.OctetKeyPair;
import java.security.GeneralSecurityException;

/** Benchmark access to the server's own Ed25519 key generation, which is package-private. */
public final class BenchKeys {

    private BenchKeys() {
    }

    public static OctetKeyPair ed25519(String kid) throws GeneralSecurityException {
        return Ed25519Keys.generate(kid);
    }
}
