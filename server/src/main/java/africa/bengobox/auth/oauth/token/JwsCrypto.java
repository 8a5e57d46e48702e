package africa.bengobox.auth.oauth.token;

import africa.bengobox.auth.keys.Ed25519Keys;
import africa.bengobox.auth.keys.SigningAlgorithm;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.crypto.impl.ECDSA;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.RSAKey;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/**
 * JWS signatures (RFC 7518: RS256, ES256 with the R||S encoding; RFC 8037: EdDSA with Ed25519) straight through the
 * JCA, so the installed provider does the work. Keys are converted once into the provider's own key objects: a
 * provider handed a foreign key object converts it on every signature.
 */
public final class JwsCrypto {

    private static final int ES256_SIGNATURE_BYTES = 64;

    /**
     * Per thread and algorithm, the signature object that signed last and the key it was initialised with: looking
     * the algorithm up and initialising the provider's signer cost a tenth of an ES256 signature, and after
     * {@link Signature#sign()} the object is ready for the next signature with the same key (JCA's contract).
     */
    private static final ThreadLocal<Map<SigningAlgorithm, Signer>> SIGNERS =
            ThreadLocal.withInitial(() -> new EnumMap<>(SigningAlgorithm.class));

    private record Signer(Signature signature, PrivateKey key) {
    }

    private JwsCrypto() {
    }

    /** The algorithm a key of ours signs with, judged by its type and curve; empty for any other key. */
    public static Optional<SigningAlgorithm> algorithmOf(JWK jwk) {
        return Optional.ofNullable(switch (jwk) {
            case RSAKey rsa -> SigningAlgorithm.RS256;
            case ECKey ec when Curve.P_256.equals(ec.getCurve()) -> SigningAlgorithm.ES256;
            case OctetKeyPair okp when Curve.Ed25519.equals(okp.getCurve()) -> SigningAlgorithm.EdDSA;
            default -> null;
        });
    }

    public static PrivateKey privateKey(JWK jwk) throws GeneralSecurityException, JOSEException {
        return switch (jwk) {
            case RSAKey rsa -> KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(rsa.toPrivateKey().getEncoded()));
            case ECKey ec -> KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(ec.toPrivateKey().getEncoded()));
            case OctetKeyPair okp -> Ed25519Keys.privateKey(okp);
            default -> throw new GeneralSecurityException("no JWS signing with key type " + jwk.getKeyType());
        };
    }

    public static PublicKey publicKey(JWK jwk) throws GeneralSecurityException, JOSEException {
        return switch (jwk) {
            case RSAKey rsa -> KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(rsa.toPublicKey().getEncoded()));
            case ECKey ec -> KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(ec.toPublicKey().getEncoded()));
            case OctetKeyPair okp -> Ed25519Keys.publicKey(okp);
            default -> throw new GeneralSecurityException("no JWS verification with key type " + jwk.getKeyType());
        };
    }

    /** The JWS signature of the input, as it goes (base64url-encoded) into the token. */
    public static byte[] sign(SigningAlgorithm algorithm, PrivateKey key, byte[] signingInput) throws GeneralSecurityException {
        Map<SigningAlgorithm, Signer> signers = SIGNERS.get();
        Signer signer = signers.get(algorithm);
        if (signer == null || signer.key() != key) {
            Signature signature = Signature.getInstance(jcaName(algorithm));
            signature.initSign(key);
            signer = new Signer(signature, key);
            signers.put(algorithm, signer);
        }
        byte[] signed;
        try {
            signer.signature().update(signingInput);
            signed = signer.signature().sign();
        } catch (GeneralSecurityException | RuntimeException e) {
            signers.remove(algorithm); // its state after a failure is not defined
            throw e;
        }
        if (algorithm != SigningAlgorithm.ES256) {
            return signed;
        }
        try {
            return ECDSA.transcodeSignatureToConcat(signed, ES256_SIGNATURE_BYTES);
        } catch (JOSEException e) {
            throw new GeneralSecurityException("unexpected ECDSA signature encoding", e);
        }
    }

    /** False for a wrong or malformed signature. */
    public static boolean verify(SigningAlgorithm algorithm, PublicKey key, byte[] signingInput, byte[] signature) {
        try {
            byte[] encoded = signature;
            if (algorithm == SigningAlgorithm.ES256) {
                if (signature.length != ES256_SIGNATURE_BYTES) {
                    return false;
                }
                encoded = ECDSA.transcodeSignatureToDER(signature);
            }
            Signature verifier = Signature.getInstance(jcaName(algorithm));
            verifier.initVerify(key);
            verifier.update(signingInput);
            return verifier.verify(encoded);
        } catch (GeneralSecurityException | JOSEException e) {
            return false;
        }
    }

    private static String jcaName(SigningAlgorithm algorithm) {
        return switch (algorithm) {
            case RS256 -> "SHA256withRSA";
            case ES256 -> "SHA256withECDSA";
            case EdDSA -> "Ed25519";
        };
    }
}
