package africa.bengobox.auth.oauth.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.Principal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.FactorGrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationRequest;
import tools.jackson.core.JacksonException;

/**
 * What a sign-in stores with its authorization reads back as it was written, however often and from however many
 * threads (the type deserializers are built once and shared), and a type outside the allow-list is refused every
 * time, not only on the first read.
 */
class AuthorizationJsonTest {

    private final AuthorizationJson json = new AuthorizationJson();

    @Test
    void signInAttributesReadBackAsWrittenFromManyThreadsAtOnce() throws Exception {
        Map<String, Object> attributes = signInAttributes();
        String stored = json.write(attributes);
        Callable<Map<String, Object>> read = () -> json.read(stored);
        List<Future<Map<String, Object>>> reads = new ArrayList<>();
        try (ExecutorService threads = Executors.newFixedThreadPool(8)) {
            for (int i = 0; i < 64; i++) {
                reads.add(threads.submit(read));
            }
        }
        for (Future<Map<String, Object>> result : reads) {
            Map<String, Object> back = result.get();
            OAuth2AuthorizationRequest request = (OAuth2AuthorizationRequest) back.get(OAuth2AuthorizationRequest.class.getName());
            OAuth2AuthorizationRequest written = (OAuth2AuthorizationRequest) attributes.get(OAuth2AuthorizationRequest.class.getName());
            assertThat(request.getScopes()).isEqualTo(written.getScopes());
            assertThat(request.getAdditionalParameters()).isEqualTo(written.getAdditionalParameters());
            assertThat(request.getState()).isEqualTo(written.getState());
            UsernamePasswordAuthenticationToken principal = (UsernamePasswordAuthenticationToken) back.get(Principal.class.getName());
            assertThat(principal.getName()).isEqualTo("a6755b6e-4fcc-4ab2-9028-1b8325cad089");
            assertThat(principal.getAuthorities()).extracting(GrantedAuthority::getAuthority)
                    .containsExactly("ROLE_USER", "FACTOR_PASSWORD");
            assertThat(principal.getDetails()).isEqualTo(Map.of("username", "bench-user", "sid", "the-session"));
        }
    }

    @Test
    void aTypeOutsideTheAllowListIsRefusedOnEveryRead() {
        json.read(json.write(signInAttributes()));
        String gadget = """
                {"@class":"java.util.HashMap","details":{"@class":"java.util.HashMap",
                 "x":["java.lang.ProcessBuilder",{"command":["true"]}]}}""";
        for (int i = 0; i < 3; i++) {
            assertThatThrownBy(() -> json.read(gadget)).isInstanceOf(JacksonException.class)
                    .hasMessageContaining("java.lang.ProcessBuilder");
        }
    }

    private static Map<String, Object> signInAttributes() {
        OAuth2AuthorizationRequest request = OAuth2AuthorizationRequest.authorizationCode()
                .authorizationUri("https://auth.example/authorize").clientId("web").redirectUri("https://app.example/cb")
                .scopes(Set.of("openid", "profile", "offline_access")).state("the-state")
                .additionalParameters(Map.of("nonce", "the-nonce", "code_challenge", "abc", "code_challenge_method", "S256"))
                .build();
        List<GrantedAuthority> authorities = List.of(new SimpleGrantedAuthority("ROLE_USER"),
                FactorGrantedAuthority.withAuthority(FactorGrantedAuthority.PASSWORD_AUTHORITY).issuedAt(Instant.now()).build());
        UsernamePasswordAuthenticationToken principal = UsernamePasswordAuthenticationToken.authenticated(
                new User("a6755b6e-4fcc-4ab2-9028-1b8325cad089", "", authorities), null, authorities);
        HashMap<String, Object> details = new HashMap<>();
        details.put("username", "bench-user");
        details.put("sid", "the-session");
        principal.setDetails(details);
        Map<String, Object> attributes = new HashMap<>();
        attributes.put(OAuth2AuthorizationRequest.class.getName(), request);
        attributes.put(Principal.class.getName(), principal);
        return attributes;
    }
}
