package africa.bengobox.auth.oauth.token;

import africa.bengobox.auth.keys.Ed25519Keys;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.impl.BaseJWSProvider;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.util.Base64URL;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Set;
import org.springframework.security.oauth2.jose.jws.JwsAlgorithm;

/**
 * EdDSA (Ed25519, RFC 8037) signing and verification through the JCA; Spring's algorithm enum has no EdDSA. Public for
 * the benchmarks, which measure this very signer.
 */
public final class EdDsa {

    static final JwsAlgorithm ALGORITHM = () -> "EdDSA";

    private EdDsa() {
    }

    static boolean is(JwsAlgorithm algorithm) {
        return algorithm != null && "EdDSA".equals(algorithm.getName());
    }

    public static final class Signer extends BaseJWSProvider implements JWSSigner {

        private final PrivateKey key;

        public Signer(OctetKeyPair jwk) throws GeneralSecurityException {
            super(Set.of(JWSAlgorithm.EdDSA));
            this.key = Ed25519Keys.privateKey(jwk);
        }

        @Override
        public Base64URL sign(JWSHeader header, byte[] signingInput) throws JOSEException {
            try {
                Signature signature = Signature.getInstance("Ed25519");
                signature.initSign(key);
                signature.update(signingInput);
                return Base64URL.encode(signature.sign());
            } catch (GeneralSecurityException e) {
                throw new JOSEException("Ed25519 signing failed", e);
            }
        }
    }

    public static final class Verifier extends BaseJWSProvider implements JWSVerifier {

        private final PublicKey key;

        public Verifier(PublicKey key) {
            super(Set.of(JWSAlgorithm.EdDSA));
            this.key = key;
        }

        @Override
        public boolean verify(JWSHeader header, byte[] signingInput, Base64URL signature) throws JOSEException {
            try {
                Signature verifier = Signature.getInstance("Ed25519");
                verifier.initVerify(key);
                verifier.update(signingInput);
                return verifier.verify(signature.decode());
            } catch (GeneralSecurityException e) {
                return false;
            }
        }
    }
}
