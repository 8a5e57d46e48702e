package africa.bengobox.auth.oauth.token;

import africa.bengobox.auth.keys.SigningAlgorithm;
import africa.bengobox.auth.keys.SigningKeyService;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.net.URL;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.JwtEncodingException;

/** Spring's Nimbus encoder for RS256 and ES256; EdDSA is signed here through the JCA. */
class SigningJwtEncoder implements JwtEncoder {

    private final JwtEncoder nimbus;
    private final SigningKeyService keys;
    private final Map<String, EdDsa.Signer> signers = new ConcurrentHashMap<>();

    SigningJwtEncoder(JwtEncoder nimbus, SigningKeyService keys) {
        this.nimbus = nimbus;
        this.keys = keys;
    }

    @Override
    public Jwt encode(JwtEncoderParameters parameters) {
        JwsHeader header = parameters.getJwsHeader();
        if (header == null || !EdDsa.is(header.getAlgorithm())) {
            return nimbus.encode(parameters);
        }
        OctetKeyPair key = (OctetKeyPair) keys.activeKey(SigningAlgorithm.EdDSA);
        JWSHeader.Builder jws = new JWSHeader.Builder(JWSAlgorithm.EdDSA).keyID(key.getKeyID());
        if (header.getType() != null) {
            jws.type(new JOSEObjectType(header.getType()));
        }
        JwtClaimsSet claims = parameters.getClaims();
        try {
            SignedJWT jwt = new SignedJWT(jws.build(), toNimbus(claims));
            jwt.sign(signers.computeIfAbsent(key.getKeyID(), kid -> signer(key)));
            return Jwt.withTokenValue(jwt.serialize())
                    .headers(h -> {
                        h.put("alg", "EdDSA");
                        h.put("kid", key.getKeyID());
                        if (header.getType() != null) {
                            h.put("typ", header.getType());
                        }
                    })
                    .claims(c -> c.putAll(claims.getClaims()))
                    .build();
        } catch (JOSEException e) {
            throw new JwtEncodingException("EdDSA signing failed", e);
        }
    }

    private static EdDsa.Signer signer(OctetKeyPair key) {
        try {
            return new EdDsa.Signer(key);
        } catch (GeneralSecurityException e) {
            throw new JwtEncodingException("Ed25519 is not available", e);
        }
    }

    private static JWTClaimsSet toNimbus(JwtClaimsSet claims) {
        JWTClaimsSet.Builder builder = new JWTClaimsSet.Builder();
        claims.getClaims().forEach((name, value) -> builder.claim(name, switch (value) {
            case Instant instant -> Date.from(instant);
            case URL url -> url.toExternalForm();
            default -> value;
        }));
        return builder.build();
    }
}
