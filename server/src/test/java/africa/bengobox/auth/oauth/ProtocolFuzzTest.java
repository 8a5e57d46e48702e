package africa.bengobox.auth.oauth;

import static org.assertj.core.api.Assertions.assertThat;

import africa.bengobox.auth.support.Db;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * Property: whatever parameters arrive at /token and /authorize (missing, duplicated, oversized, malformed, mixed
 * with valid ones), the answer is an RFC error with its status, never a 500, and nothing is written.
 * Generated from a fixed seed per run so that a failure can be replayed.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT,
        properties = "bengobox.auth.import=src/test/resources/e2e-import.yaml")
class ProtocolFuzzTest {

    static final Set<String> TOKEN_ERRORS = Set.of("invalid_request", "invalid_client", "invalid_grant", "unauthorized_client",
            "unsupported_grant_type", "invalid_scope", "authorization_pending", "slow_down", "access_denied", "expired_token",
            "invalid_dpop_proof");
    static final Set<String> AUTHORIZE_ERRORS = Set.of("invalid_request", "unauthorized_client", "access_denied",
            "unsupported_response_type", "invalid_scope", "server_error", "temporarily_unavailable", "login_required",
            "consent_required", "interaction_required", "account_selection_required");
    static final String[] NAMES = {"grant_type", "code", "redirect_uri", "client_id", "client_secret", "scope", "refresh_token",
            "code_verifier", "device_code", "response_type", "state", "nonce", "prompt", "max_age", "code_challenge",
            "code_challenge_method", "login_hint", "tenant", "ui_locales", "request", "id_token_hint", "audience", "resource",
            "client_assertion", "client_assertion_type", "token", "username", "password"};
    static final String[] VALUES = {"", " ", "authorization_code", "refresh_token", "client_credentials", "password", "implicit",
            "urn:ietf:params:oauth:grant-type:device_code", "urn:ietf:params:oauth:grant-type:jwt-bearer", "web-app", "spa",
            "partner-app", "pos-service", "no-such-client", "http://127.0.0.1:9999/callback", "https://evil.example/cb",
            "javascript:alert(1)", "openid", "openid profile email offline_access", "inventory.read", "code", "token",
            "code id_token", "none", "login", "consent", "none login", "S256", "plain", "-1", "0", "99999999999999999999",
            "acme", "globex", "no-such-tenant", "%00", "\u0000", "\r\nSet-Cookie: x=y", "ü漢字😀", "' or 1=1 --", "<script>",
            "eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.", "a.b.c", "web-app-secret-0123456789"};

    @Value("${bengobox.auth.issuer}") String issuer;
    @Autowired JdbcClient jdbc;

    final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    @Test
    void tokenEndpointAnswersOnlyRfcErrors() throws Exception {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        long before = Db.count(jdbc, "oauth_authorizations");
        for (int i = 0; i < 250; i++) {
            String body = randomForm(random);
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(issuer + "/token"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(body));
            switch (random.nextInt(3)) {
                case 0 -> request.header("Authorization", basic("web-app", "web-app-secret-0123456789"));
                case 1 -> request.header("Authorization", basic(pick(random), pick(random)));
                default -> { }
            }
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            String context = "seed " + seed + ", request " + i + ": " + body + " -> " + response.statusCode() + " " + response.body();
            assertThat(response.statusCode()).as(context).isIn(400, 401);
            assertThat(response.body()).as(context).doesNotContain("Exception").doesNotContain("\tat ");
            String error = response.body().replaceAll(".*\"error\"\\s*:\\s*\"([^\"]+)\".*", "$1");
            assertThat(error).as(context).isIn(TOKEN_ERRORS);
        }
        assertThat(Db.count(jdbc, "oauth_authorizations")).as("seed " + seed).isEqualTo(before);
    }

    /** RFC 6749 section 3.1; once found by the fuzz test above as a 500 (a repeated code with client authentication). */
    @Test
    void repeatedParametersAreAnInvalidRequest() throws Exception {
        for (String body : List.of("grant_type=authorization_code&code=acme&code=login&redirect_uri=http%3A%2F%2F127.0.0.1%3A9999%2Fcallback",
                "grant_type=client_credentials&scope=openid&scope=profile", "grant_type=client_credentials&grant_type=password")) {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(issuer + "/token"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .header("Authorization", basic("web-app", "web-app-secret-0123456789"))
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(body).isEqualTo(400);
            assertThat(response.body()).as(body).contains("\"error\":\"invalid_request\"");
        }
    }

    @Test
    void authorizationEndpointAnswersOnlyRfcErrors() throws Exception {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        long before = Db.count(jdbc, "oauth_authorizations");
        for (int i = 0; i < 250; i++) {
            String query = randomForm(random);
            HttpRequest request = HttpRequest.newBuilder(URI.create(issuer + "/authorize?" + query))
                    .header("Accept", random.nextBoolean() ? "text/html" : "application/json").GET().build();
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            String context = "seed " + seed + ", request " + i + ": " + query + " -> " + response.statusCode() + " "
                    + response.headers().firstValue("Location").orElse("") + " " + response.body();
            assertThat(response.statusCode()).as(context).isIn(302, 400, 401);
            assertThat(response.body()).as(context).doesNotContain("Exception").doesNotContain("\tat ");
            if (response.statusCode() == 302) {
                String location = response.headers().firstValue("Location").orElseThrow();
                if (location.startsWith(issuer + "/login") || location.equals("/login")) {
                    continue;
                }
                assertThat(location).as(context).startsWith("http://127.0.0.1:999");
                var params = UriComponentsBuilder.fromUriString(location).build().getQueryParams();
                assertThat(params.getFirst("error")).as(context).isIn(AUTHORIZE_ERRORS);
                assertThat(params.getFirst("iss")).as(context).isNotNull();
            }
        }
        assertThat(Db.count(jdbc, "oauth_authorizations")).as("seed " + seed).isEqualTo(before);
    }

    private static String randomForm(Random random) {
        List<String> pairs = new ArrayList<>();
        int n = random.nextInt(9);
        for (int i = 0; i < n; i++) {
            String name = NAMES[random.nextInt(NAMES.length)];
            String value = random.nextInt(20) == 0 ? "x".repeat(5000 + random.nextInt(5000)) : pick(random);
            pairs.add(URLEncoder.encode(name, StandardCharsets.UTF_8) + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8));
            if (random.nextInt(8) == 0) {
                pairs.add(URLEncoder.encode(name, StandardCharsets.UTF_8) + "=" + URLEncoder.encode(pick(random), StandardCharsets.UTF_8));
            }
        }
        return String.join("&", pairs);
    }

    private static String pick(Random random) {
        return VALUES[random.nextInt(VALUES.length)];
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((URLEncoder.encode(user, StandardCharsets.UTF_8) + ":"
                + URLEncoder.encode(password, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8));
    }
}
