package africa.bengobox.auth.bench;

import africa.bengobox.auth.crypto.CryptoProviderInstaller;
import africa.bengobox.auth.keys.BenchKeys;
import africa.bengobox.auth.keys.Ed25519Keys;
import africa.bengobox.auth.oauth.token.EdDsa;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Signing and verifying an access token the size of the server's (RFC 9068 claims) per algorithm, with the code the
 * server signs with: Nimbus JOSE for RS256 (RSA-2048) and ES256 (P-256), the server's own {@code EdDsa} signer (JCA) for
 * EdDSA, all behind the crypto provider the server installs. {@code sign} includes building the header and claims
 * and serialising the JWT; {@code verify} includes parsing it. These bound the token and introspection endpoints.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(1)
@State(Scope.Benchmark)
public class JwtBenchmark {

    @Param({"RS256", "ES256", "EdDSA"})
    public String alg;

    private JWSSigner signer;
    private JWSVerifier verifier;
    private JWSAlgorithm algorithm;
    private String kid;
    private String token;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        CryptoProviderInstaller.Result provider = CryptoProviderInstaller.install(true);
        System.out.println("# crypto provider: " + provider.provider() + " (native=" + provider.nativeProvider() + "): "
                + provider.message());
        kid = UUID.randomUUID().toString();
        switch (alg) {
            case "RS256" -> {
                RSAKey key = new RSAKeyGenerator(2048).keyID(kid).generate();
                signer = new RSASSASigner(key);
                verifier = new RSASSAVerifier(key.toPublicJWK());
                algorithm = JWSAlgorithm.RS256;
            }
            case "ES256" -> {
                ECKey key = new ECKeyGenerator(Curve.P_256).keyID(kid).generate();
                signer = new ECDSASigner(key);
                verifier = new ECDSAVerifier(key.toPublicJWK());
                algorithm = JWSAlgorithm.ES256;
            }
            case "EdDSA" -> {
                OctetKeyPair key = BenchKeys.ed25519(kid);
                signer = new EdDsa.Signer(key);
                verifier = new EdDsa.Verifier(Ed25519Keys.publicKey(key));
                algorithm = JWSAlgorithm.EdDSA;
            }
            default -> throw new IllegalArgumentException(alg);
        }
        token = sign();
        if (!verify()) {
            throw new IllegalStateException(alg + " token does not verify");
        }
    }

    @Benchmark
    public String sign() throws JOSEException {
        long now = System.currentTimeMillis();
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer("https://auth.bengobox.example")
                .subject("pos-service")
                .audience("pos-service")
                .claim("client_id", "pos-service")
                .claim("scope", "inventory.read orders.write")
                .claim("tenant_id", "0b9f5c1e-4f7e-4b0e-9d55-2f1f3c0a8e11")
                .claim("tenant_slug", "mama-mboga")
                .claim("roles", List.of("cashier", "staff"))
                .issueTime(new Date(now))
                .notBeforeTime(new Date(now))
                .expirationTime(new Date(now + 300_000))
                .jwtID(UUID.randomUUID().toString())
                .build();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(algorithm).keyID(kid).type(new JOSEObjectType("at+jwt")).build(), claims);
        jwt.sign(signer);
        return jwt.serialize();
    }

    @Benchmark
    public boolean verify() throws Exception {
        return SignedJWT.parse(token).verify(verifier);
    }
}
