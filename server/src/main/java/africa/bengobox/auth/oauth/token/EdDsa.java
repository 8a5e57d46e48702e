package africa.bengobox.auth.oauth.token;

import africa.bengobox.auth.keys.SigningAlgorithm;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.impl.BaseJWSProvider;
import com.nimbusds.jose.util.Base64URL;
import java.security.PublicKey;
import java.util.Set;
import org.springframework.security.oauth2.jose.jws.JwsAlgorithm;

/** EdDSA (Ed25519, RFC 8037) where Spring or Nimbus expect it: Spring's algorithm enum has none, Nimbus needs Tink. */
final class EdDsa {

    static final JwsAlgorithm ALGORITHM = () -> "EdDSA";

    private EdDsa() {
    }

    static boolean is(JwsAlgorithm algorithm) {
        return algorithm != null && "EdDSA".equals(algorithm.getName());
    }

    /** For Nimbus's JWT processor (ID token hints); verifies through {@link JwsCrypto}. */
    static final class Verifier extends BaseJWSProvider implements JWSVerifier {

        private final PublicKey key;

        Verifier(PublicKey key) {
            super(Set.of(JWSAlgorithm.EdDSA));
            this.key = key;
        }

        @Override
        public boolean verify(JWSHeader header, byte[] signingInput, Base64URL signature) {
            return JwsCrypto.verify(SigningAlgorithm.EdDSA, key, signingInput, signature.decode());
        }
    }
}
