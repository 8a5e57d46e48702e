package africa.bengobox.auth.bench;

import africa.bengobox.auth.crypto.CryptoProviderInstaller;
import africa.bengobox.auth.keys.Ed25519Keys;
import africa.bengobox.auth.oauth.token.AccessTokenDecoder;
import africa.bengobox.auth.oauth.token.SigningJwtEncoder;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import java.time.Instant;
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
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.JwtTypeValidator;

/**
 * Signing and verifying an access token the size of the server's (RFC 9068 claims) per algorithm (RS256 with
 * RSA-2048, ES256, EdDSA) with the server's own encoder and decoder ({@code SigningJwtEncoder},
 * {@code AccessTokenDecoder}: JCA signatures behind the crypto provider the server installs). {@code sign} includes
 * serialising the claims and the JWT; {@code verify} includes parsing, claim conversion and validation. These bound
 * the token and introspection endpoints. The encoder is built without the yield the server's encoder makes before each RSA
 * signature (ADR 0019): handing the core over is the server's work around the signature, not part of its limit.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(1)
@State(Scope.Benchmark)
public class JwtBenchmark {

    private static final String ISSUER = "https://auth.bengobox.example";

    @Param({"RS256", "ES256", "EdDSA"})
    public String alg;

    private SigningJwtEncoder encoder;
    private AccessTokenDecoder decoder;
    private String token;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        CryptoProviderInstaller.Result provider = CryptoProviderInstaller.install(true);
        System.out.println("# crypto provider: " + provider.provider() + " (native=" + provider.nativeProvider() + "): "
                + provider.message());
        String kid = UUID.randomUUID().toString();
        JWK key = switch (alg) {
            case "RS256" -> new RSAKeyGenerator(2048).keyID(kid).generate();
            case "ES256" -> new ECKeyGenerator(Curve.P_256).keyID(kid).generate();
            case "EdDSA" -> Ed25519Keys.generate(kid);
            default -> throw new IllegalArgumentException(alg);
        };
        JWK publicKey = key.toPublicJWK();
        encoder = new SigningJwtEncoder(algorithm -> key);
        decoder = new AccessTokenDecoder(id -> id.equals(kid) ? publicKey : null, new DelegatingOAuth2TokenValidator<>(
                new JwtTypeValidator("at+jwt"), new JwtTimestampValidator(), new JwtIssuerValidator(ISSUER)));
        token = sign();
        verify(); // throws when the token does not verify
    }

    @Benchmark
    public String sign() {
        Instant now = Instant.now();
        JwtClaimsSet claims = JwtClaimsSet.builder()
                .issuer(ISSUER)
                .subject("pos-service")
                .audience(List.of("pos-service"))
                .claim("client_id", "pos-service")
                .claim("scope", "inventory.read orders.write")
                .claim("tenant_id", "0b9f5c1e-4f7e-4b0e-9d55-2f1f3c0a8e11")
                .claim("tenant_slug", "mama-mboga")
                .claim("roles", List.of("cashier", "staff"))
                .issuedAt(now)
                .notBefore(now)
                .expiresAt(now.plusSeconds(300))
                .id(UUID.randomUUID().toString())
                .build();
        return encoder.encode(JwtEncoderParameters.from(JwsHeader.with(() -> alg).type("at+jwt").build(), claims))
                .getTokenValue();
    }

    @Benchmark
    public Jwt verify() {
        return decoder.decode(token);
    }
}
