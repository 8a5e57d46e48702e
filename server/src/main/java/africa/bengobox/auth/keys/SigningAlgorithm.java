package africa.bengobox.auth.keys;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/** The JWS algorithms the server signs with, and how a key for each is made. */
public enum SigningAlgorithm {
    RS256(JWSAlgorithm.RS256),
    ES256(JWSAlgorithm.ES256),
    EdDSA(JWSAlgorithm.EdDSA);

    private final JWSAlgorithm jws;

    SigningAlgorithm(JWSAlgorithm jws) {
        this.jws = jws;
    }

    public JWSAlgorithm jws() {
        return jws;
    }

    /** Looked up for every token signed and verified. */
    private static final Map<String, SigningAlgorithm> BY_NAME =
            Arrays.stream(values()).collect(Collectors.toUnmodifiableMap(Enum::name, a -> a));

    public static Optional<SigningAlgorithm> of(String name) {
        return name == null ? Optional.empty() : Optional.ofNullable(BY_NAME.get(name));
    }

    JWK generate(String kid) throws JOSEException {
        return switch (this) {
            case RS256 -> new RSAKeyGenerator(2048).keyID(kid).algorithm(jws).keyUse(KeyUse.SIGNATURE).generate();
            case ES256 -> new ECKeyGenerator(Curve.P_256).keyID(kid).algorithm(jws).keyUse(KeyUse.SIGNATURE).generate();
            case EdDSA -> {
                try {
                    yield Ed25519Keys.generate(kid);
                } catch (java.security.GeneralSecurityException e) {
                    throw new JOSEException("Ed25519 is not available", e);
                }
            }
        };
    }
}
