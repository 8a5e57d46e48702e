package africa.bengobox.auth.support;

import com.nimbusds.oauth2.sdk.AuthorizationRequest;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.springframework.web.util.UriComponentsBuilder;

/** A user signing in to a tenant through the confidential client web-app (code flow with PKCE). */
public final class SignIn {

    public static final URI CALLBACK = URI.create("http://127.0.0.1:9999/callback");

    /** The outcome: an access token, or the error the authorization or token endpoint answered. */
    public record Result(String accessToken, String error) {
    }

    private SignIn() {
    }

    public static Result asUser(String issuer, String username, String password, String tenant, String scope) throws Exception {
        CodeVerifier verifier = new CodeVerifier();
        AuthorizationRequest.Builder request = new AuthorizationRequest.Builder(ResponseType.CODE, new ClientID("web-app"))
                .endpointURI(URI.create(issuer + "/authorize")).redirectionURI(CALLBACK).scope(Scope.parse(scope))
                .state(new State()).codeChallenge(verifier, CodeChallengeMethod.S256);
        if (tenant != null) {
            request.customParameter("tenant", tenant);
        }
        Browser browser = new Browser(issuer);
        HttpResponse<String> response = browser.signIn(browser.get(request.build().toURI().toString()), username, password);
        if (!Browser.isRedirect(response)) {
            throw new AssertionError("not redirected to the client: " + response.statusCode() + " " + response.body());
        }
        Map<String, String> params = UriComponentsBuilder.fromUriString(Browser.location(response)).build().getQueryParams().toSingleValueMap();
        if (params.containsKey("error")) {
            return new Result(null, params.get("error"));
        }
        String form = "grant_type=authorization_code&code=" + params.get("code") + "&redirect_uri=" + CALLBACK
                + "&code_verifier=" + verifier.getValue();
        HttpResponse<String> token = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(issuer + "/token"))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                        "web-app:web-app-secret-0123456789".getBytes(StandardCharsets.UTF_8)))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        Map<String, Object> body = AdminApi.map(token.body());
        return token.statusCode() == 200 ? new Result((String) body.get("access_token"), null) : new Result(null, (String) body.get("error"));
    }
}
