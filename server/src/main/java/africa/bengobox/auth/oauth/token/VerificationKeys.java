package africa.bengobox.auth.oauth.token;

import africa.bengobox.auth.keys.Ed25519Keys;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.crypto.factories.DefaultJWSVerifierFactory;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.JWSKeySelector;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.JWSVerifierFactory;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.jca.JCAContext;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Chooses the key that verifies one of our tokens: RS256 and ES256 the Nimbus way, EdDSA through the JCA. */
class VerificationKeys implements JWSKeySelector<SecurityContext> {

    private final JWKSource<SecurityContext> source;
    private final JWSKeySelector<SecurityContext> standard;

    VerificationKeys(JWKSource<SecurityContext> source) {
        this.source = source;
        this.standard = new JWSVerificationKeySelector<>(Set.of(JWSAlgorithm.RS256, JWSAlgorithm.ES256), source);
    }

    @Override
    public List<? extends Key> selectJWSKeys(JWSHeader header, SecurityContext context) throws KeySourceException {
        if (!JWSAlgorithm.EdDSA.equals(header.getAlgorithm())) {
            return standard.selectJWSKeys(header, context);
        }
        List<Key> keys = new ArrayList<>();
        for (JWK jwk : source.get(new JWKSelector(JWKMatcher.forJWSHeader(header)), context)) {
            if (jwk instanceof OctetKeyPair okp) {
                try {
                    keys.add(Ed25519Keys.publicKey(okp));
                } catch (GeneralSecurityException e) {
                    throw new KeySourceException("Ed25519 is not available", e);
                }
            }
        }
        return keys;
    }

    static final class VerifierFactory implements JWSVerifierFactory {

        private final DefaultJWSVerifierFactory standard = new DefaultJWSVerifierFactory();

        @Override
        public JWSVerifier createJWSVerifier(JWSHeader header, Key key) throws JOSEException {
            if (JWSAlgorithm.EdDSA.equals(header.getAlgorithm()) && key instanceof PublicKey publicKey) {
                return new EdDsa.Verifier(publicKey);
            }
            return standard.createJWSVerifier(header, key);
        }

        @Override
        public Set<JWSAlgorithm> supportedJWSAlgorithms() {
            Set<JWSAlgorithm> all = new java.util.HashSet<>(standard.supportedJWSAlgorithms());
            all.add(JWSAlgorithm.EdDSA);
            return all;
        }

        @Override
        public JCAContext getJCAContext() {
            return standard.getJCAContext();
        }
    }
}
