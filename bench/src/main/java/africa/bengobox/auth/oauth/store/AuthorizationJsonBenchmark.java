package africa.bengobox.auth.oauth.store;

import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Reading what the server stores with an authorization, through the server's {@link AuthorizationJson}: the
 * attributes of a sign-in (its authorization request and signed-in user, read back when the code is exchanged and
 * at every refresh) and the metadata of its ID token (the claims, read back at every refresh). Both texts are what a
 * bench sign-in stored. Not part of {@code bench/run.sh}'s limits: run it by name, e.g.
 * {@code org.openjdk.jmh.Main 'AuthorizationJsonBenchmark'}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(1)
@State(Scope.Benchmark)
public class AuthorizationJsonBenchmark {

    private static final String SIGN_IN_ATTRIBUTES = """
            {
              "@class": "java.util.HashMap",
              "org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationRequest": {
                "@class": "org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationRequest",
                "additionalParameters": {
                  "@class": "java.util.Collections$UnmodifiableMap",
                  "nonce": "N6XuBneQxTgDlMgYPHd3hQ",
                  "code_challenge": "oHFqSm1yDiMTiGe0LS7PAo3xGCPaBywqoTzHZcp0wEA",
                  "code_challenge_method": "S256"
                },
                "attributes": {
                  "@class": "java.util.Collections$UnmodifiableMap"
                },
                "authorizationGrantType": {
                  "value": "authorization_code"
                },
                "authorizationRequestUri": "http://127.0.0.1:44736/authorize?response_type=code&client_id=bench-web&scope=openid%20profile%20offline_access&state=DnnE2IjS5hvxpkBh8EhKgg&redirect_uri=http://127.0.0.1:9/callback&nonce=N6XuBneQxTgDlMgYPHd3hQ&code_challenge=oHFqSm1yDiMTiGe0LS7PAo3xGCPaBywqoTzHZcp0wEA&code_challenge_method=S256",
                "authorizationUri": "http://127.0.0.1:44736/authorize",
                "clientId": "bench-web",
                "redirectUri": "http://127.0.0.1:9/callback",
                "responseType": {
                  "value": "code"
                },
                "scopes": [
                  "java.util.Collections$UnmodifiableSet",
                  [
                    "openid",
                    "profile",
                    "offline_access"
                  ]
                ],
                "state": "DnnE2IjS5hvxpkBh8EhKgg"
              },
              "java.security.Principal": {
                "@class": "org.springframework.security.authentication.UsernamePasswordAuthenticationToken",
                "authenticated": true,
                "authorities": [
                  "java.util.Collections$UnmodifiableRandomAccessList",
                  [
                    {
                      "@class": "org.springframework.security.core.authority.SimpleGrantedAuthority",
                      "authority": "ROLE_USER"
                    },
                    {
                      "@class": "org.springframework.security.core.authority.FactorGrantedAuthority",
                      "authority": "FACTOR_PASSWORD",
                      "issuedAt": 1796676058.567037
                    }
                  ]
                ],
                "credentials": null,
                "details": {
                  "@class": "java.util.HashMap",
                  "username": "bench-user",
                  "sid": "vgm_mvzplW9lsKbLbeagb85vRXE6DOolTMKU-_W2vFU"
                },
                "principal": {
                  "@class": "org.springframework.security.core.userdetails.User",
                  "accountNonExpired": true,
                  "accountNonLocked": true,
                  "authorities": [
                    "java.util.Collections$UnmodifiableSet",
                    [
                      {
                        "@class": "org.springframework.security.core.authority.FactorGrantedAuthority",
                        "authority": "FACTOR_PASSWORD",
                        "issuedAt": 1796676058.567037
                      },
                      {
                        "@class": "org.springframework.security.core.authority.SimpleGrantedAuthority",
                        "authority": "ROLE_USER"
                      }
                    ]
                  ],
                  "credentialsNonExpired": true,
                  "enabled": true,
                  "password": null,
                  "username": "a6755b6e-4fcc-4ab2-9028-1b8325cad089"
                }
              }
            }
            """;

    private static final String ID_TOKEN_METADATA = """
            {
              "@class": "java.util.Collections$UnmodifiableMap",
              "metadata.token.claims": {
                "@class": "java.util.Collections$UnmodifiableMap",
                "at_hash": "h27MJzLp-9LYW34AxegMwQ",
                "sub": "a6755b6e-4fcc-4ab2-9028-1b8325cad089",
                "amr": [
                  "java.util.ArrayList",
                  [
                    "pwd"
                  ]
                ],
                "iss": [
                  "java.net.URL",
                  "http://127.0.0.1:44736"
                ],
                "preferred_username": "bench-user",
                "nonce": "N6XuBneQxTgDlMgYPHd3hQ",
                "sid": "vgm_mvzplW9lsKbLbeagb85vRXE6DOolTMKU-_W2vFU",
                "aud": [
                  "java.util.Collections$SingletonList",
                  [
                    "bench-web"
                  ]
                ],
                "acr": "urn:bengobox:acr:1fa",
                "updated_at": [
                  "java.lang.Long",
                  1796675936
                ],
                "azp": "bench-web",
                "auth_time": [
                  "java.lang.Long",
                  1796676058
                ],
                "exp": [
                  "java.time.Instant",
                  1796676358.6216304
                ],
                "iat": [
                  "java.time.Instant",
                  1796676058.6216304
                ],
                "jti": "cfd43fef-94ff-4bec-90b9-0fb99a2ae8a9"
              },
              "metadata.token.invalidated": false
            }
            """;

    @Param({"attributes", "id_token_metadata"})
    public String stored;

    private final AuthorizationJson json = new AuthorizationJson();
    private String text;

    @Setup
    public void setUp() {
        text = "attributes".equals(stored) ? SIGN_IN_ATTRIBUTES : ID_TOKEN_METADATA;
    }

    @Benchmark
    public Map<String, Object> read() {
        return json.read(text);
    }
}
