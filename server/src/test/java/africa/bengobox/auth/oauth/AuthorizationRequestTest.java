package africa.bengobox.auth.oauth;

import static org.assertj.core.api.Assertions.assertThat;

import africa.bengobox.auth.oauth.store.ConsentStore;
import africa.bengobox.auth.support.Browser;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.openid.connect.sdk.AuthenticationRequest;
import com.nimbusds.openid.connect.sdk.Nonce;
import com.nimbusds.openid.connect.sdk.Prompt;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationConsent;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;

/** The authorization request parameters a relying party may send: prompt, max_age, login_hint, ui_locales; and consent. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT,
        properties = "bengobox.auth.import=src/test/resources/e2e-import.yaml")
class AuthorizationRequestTest {

    static final URI PARTNER_CB = URI.create("http://127.0.0.1:9998/cb");
    static final URI WEB_CB = URI.create("http://127.0.0.1:9999/callback");

    @Value("${bengobox.auth.issuer}") String issuer;
    @Autowired ConsentStore consents;
    @Autowired RegisteredClientRepository clients;
    @Autowired JdbcClient jdbc;
    Browser browser;

    @BeforeEach
    void newBrowser() {
        browser = new Browser(issuer);
    }

    String authorizeUrl(String clientId, URI redirect, String scope, Consumer<AuthenticationRequest.Builder> extra) {
        AuthenticationRequest.Builder builder = new AuthenticationRequest.Builder(ResponseType.CODE, Scope.parse(scope),
                new ClientID(clientId), redirect).endpointURI(URI.create(issuer + "/authorize")).state(new State("st"))
                .nonce(new Nonce()).codeChallenge(new CodeVerifier(), CodeChallengeMethod.S256);
        extra.accept(builder);
        return builder.build().toURI().toString();
    }

    static boolean redirectedWithCode(HttpResponse<String> response) {
        return Browser.isRedirect(response) && OidcRelyingPartyTest.query(Browser.location(response)).containsKey("code");
    }

    @Test
    void thirdPartyConsentIsAskedRememberedReaskedOnPromptAndWithdrawable() {
        HttpResponse<String> consent = browser.signIn(browser.get(authorizeUrl("partner-app", PARTNER_CB, "openid profile email", b -> { })),
                "alice", "alice-password-1");
        assertThat(consent.statusCode()).isEqualTo(200);
        assertThat(consent.body()).contains("Partner Analytics").contains("name=\"scope\"");
        assertThat(redirectedWithCode(browser.follow(browser.submit(consent, "consent-form")))).isTrue();

        HttpResponse<String> remembered = browser.follow(browser.get(authorizeUrl("partner-app", PARTNER_CB, "openid profile email", b -> { })));
        assertThat(redirectedWithCode(remembered)).as("consent is remembered").isTrue();

        HttpResponse<String> asked = browser.follow(browser.get(authorizeUrl("partner-app", PARTNER_CB, "openid profile",
                b -> b.prompt(new Prompt(Prompt.Type.CONSENT)))));
        assertThat(asked.statusCode()).as("prompt=consent asks again").isEqualTo(200);
        assertThat(asked.body()).contains("consent-form");

        HttpResponse<String> account = browser.get("/account/consents");
        assertThat(account.body()).contains("Partner Analytics");
        browser.post("/account/consents/revoke", Map.of("client_id", "partner-app", "_csrf", Browser.csrf(account.body())));
        assertThat(browser.get("/account/consents").body()).doesNotContain("Partner Analytics");
        HttpResponse<String> again = browser.follow(browser.get(authorizeUrl("partner-app", PARTNER_CB, "openid profile email", b -> { })));
        assertThat(again.body()).as("withdrawn consent is asked for again").contains("consent-form");

        HttpResponse<String> denied = browser.follow(browser.submit(again, "deny-form"));
        assertThat(OidcRelyingPartyTest.query(Browser.location(denied))).containsEntry("error", "access_denied").containsEntry("iss", issuer);
    }

    @Test
    void aConsentMattersOnlyForClientsThatAskForOneAndCanStillBeWithdrawn() {
        RegisteredClient webApp = clients.findByClientId("web-app");
        HttpResponse<String> signedIn = browser.signIn(browser.get(authorizeUrl("web-app", WEB_CB, "openid", b -> { })),
                "alice", "alice-password-1");
        assertThat(redirectedWithCode(signedIn)).isTrue();
        String alice = jdbc.sql("select cast(id as varchar) from users where username_normalized = 'alice'").query(String.class).single();
        // a consent left from when the client asked for one
        consents.save(OAuth2AuthorizationConsent.withId(webApp.getId(), alice).scope("openid").build());
        assertThat(consents.findById(webApp.getId(), alice)).as("the client does not ask for consent").isNull();
        assertThat(redirectedWithCode(browser.follow(browser.get(authorizeUrl("web-app", WEB_CB, "openid", b -> { }))))).isTrue();

        HttpResponse<String> account = browser.get("/account/consents");
        assertThat(account.body()).contains("web-app");
        browser.post("/account/consents/revoke", Map.of("client_id", "web-app", "_csrf", Browser.csrf(account.body())));
        assertThat(consents.findByPrincipal(alice)).isEmpty();
    }

    @Test
    void languageLinksKeepThePageQueryAndErrorsAreHtmlForBrowsers() {
        HttpResponse<String> consent = browser.signIn(browser.get(authorizeUrl("partner-app", PARTNER_CB, "openid profile", b -> { })),
                "bob", "bob-password-12");
        HttpResponse<String> picker = consent;
        assertThat(picker.uri().getPath()).isEqualTo("/tenant");
        String swahili = picker.body().replaceAll("(?s).*href=\"([^\"]*lang=sw[^\"]*)\".*", "$1").replace("&amp;", "&");
        assertThat(swahili).contains("continue=").contains("lang=sw");
        HttpResponse<String> inSwahili = browser.get(swahili);
        assertThat(inSwahili.statusCode()).isEqualTo(200);
        assertThat(inSwahili.body()).contains("lang=\"sw\"");

        HttpResponse<String> broken = browser.get("/consent?lang=sw");
        assertThat(broken.statusCode()).isEqualTo(400);
        assertThat(broken.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
    }

    @Test
    void firstPartyClientsSkipConsent() {
        HttpResponse<String> response = browser.signIn(browser.get(authorizeUrl("web-app", WEB_CB, "openid profile email", b -> { })),
                "alice", "alice-password-1");
        assertThat(redirectedWithCode(response)).isTrue();
    }

    @Test
    void promptLoginAndMaxAgeForceANewSignIn() {
        assertThat(redirectedWithCode(browser.signIn(browser.get(authorizeUrl("web-app", WEB_CB, "openid", b -> { })),
                "alice", "alice-password-1"))).isTrue();
        assertThat(redirectedWithCode(browser.follow(browser.get(authorizeUrl("web-app", WEB_CB, "openid", b -> { })))))
                .as("single sign-on").isTrue();

        HttpResponse<String> login = browser.follow(browser.get(authorizeUrl("web-app", WEB_CB, "openid",
                b -> b.prompt(new Prompt(Prompt.Type.LOGIN)))));
        assertThat(isSignInPage(login)).isTrue();
        assertThat(redirectedWithCode(browser.signIn(login, "alice", "alice-password-1"))).isTrue();

        HttpResponse<String> maxAge = browser.follow(browser.get(authorizeUrl("web-app", WEB_CB, "openid", b -> b.maxAge(0))));
        assertThat(isSignInPage(maxAge)).isTrue();
        assertThat(redirectedWithCode(browser.signIn(maxAge, "alice", "alice-password-1"))).isTrue();
    }

    @Test
    void silentRequestsNeverShowAPage() {
        HttpResponse<String> picker = browser.signIn(browser.get(authorizeUrl("web-app", WEB_CB, "openid", b -> { })),
                "bob", "bob-password-12");
        assertThat(picker.uri().getPath()).isEqualTo("/tenant");
        HttpResponse<String> silent = browser.get(authorizeUrl("web-app", WEB_CB, "openid", b -> b.prompt(new Prompt(Prompt.Type.NONE))));
        assertThat(OidcRelyingPartyTest.query(Browser.location(silent))).containsEntry("error", "interaction_required");
        HttpResponse<String> named = browser.get(authorizeUrl("web-app", WEB_CB, "openid",
                b -> b.prompt(new Prompt(Prompt.Type.NONE)).customParameter("tenant", "globex")));
        assertThat(OidcRelyingPartyTest.query(Browser.location(named))).containsKey("code");
        HttpResponse<String> stale = browser.get(authorizeUrl("web-app", WEB_CB, "openid",
                b -> b.prompt(new Prompt(Prompt.Type.NONE)).maxAge(0).customParameter("tenant", "globex")));
        assertThat(OidcRelyingPartyTest.query(Browser.location(stale))).containsEntry("error", "login_required");
    }

    @Test
    void postedAuthorizationRequestsAndOtherLoopbackPortsGetTheSameChecks() {
        browser.signIn(browser.get("/login"), "bob", "bob-password-12");
        URI otherPort = URI.create("http://127.0.0.1:45678/callback");
        HttpResponse<String> viaGet = browser.get(authorizeUrl("web-app", otherPort, "openid", b -> { }));
        assertThat(Browser.location(viaGet)).contains("/tenant?continue=");
        String query = URI.create(authorizeUrl("web-app", WEB_CB, "openid", b -> { })).getRawQuery();
        java.util.Map<String, String> form = new java.util.LinkedHashMap<>();
        for (String pair : query.split("&")) {
            String[] kv = pair.split("=", 2);
            form.put(java.net.URLDecoder.decode(kv[0], java.nio.charset.StandardCharsets.UTF_8),
                    java.net.URLDecoder.decode(kv[1], java.nio.charset.StandardCharsets.UTF_8));
        }
        HttpResponse<String> viaPost = browser.post("/authorize", form);
        assertThat(Browser.location(viaPost)).contains("/tenant?continue=");
    }

    @Test
    void loginHintPrefillsAndUiLocalesChoosesSwahili() throws Exception {
        var swahili = java.util.List.of(com.nimbusds.langtag.LangTag.parse("sw"));
        HttpResponse<String> login = browser.follow(browser.get(authorizeUrl("web-app", WEB_CB, "openid", b -> b
                .loginHint("alice@example.com").uiLocales(swahili))));
        assertThat(isSignInPage(login)).isTrue();
        assertThat(login.body()).contains("value=\"alice@example.com\"").contains("lang=\"sw\"");
    }

    @Test
    void aSignInTakesTwoRoundTripsFromAuthorizationRequestToClient() {
        HttpResponse<String> page = browser.get(authorizeUrl("web-app", WEB_CB, "openid", b -> b.state(new State("s-1"))));
        assertThat(page.statusCode()).as("the sign-in page answers the authorization request itself").isEqualTo(200);
        assertThat(isSignInPage(page)).isTrue();

        HttpResponse<String> signedIn = browser.post("/login", java.util.Map.of("username", "alice",
                "password", "alice-password-1", "_csrf", Browser.csrf(page.body())));
        assertThat(Browser.location(signedIn)).as("the sign-in answers with the client's redirect").startsWith(WEB_CB.toString());
        assertThat(OidcRelyingPartyTest.query(Browser.location(signedIn))).containsKey("code").containsEntry("state", "s-1");

        HttpResponse<String> again = browser.get(authorizeUrl("web-app", WEB_CB, "openid", b -> { }));
        assertThat(OidcRelyingPartyTest.query(Browser.location(again))).as("the resumed request was not left waiting")
                .containsKey("code");
    }

    @Test
    void aSignInThatInterruptedNoAuthorizationRequestRedirectsAsBefore() {
        HttpResponse<String> account = browser.get("/account");
        assertThat(Browser.location(account)).endsWith("/login");
        HttpResponse<String> signedIn = browser.post("/login", java.util.Map.of("username", "alice",
                "password", "alice-password-1", "_csrf", Browser.csrf(browser.get("/login").body())));
        assertThat(Browser.location(signedIn)).endsWith("/account?continue");
    }

    private static boolean isSignInPage(HttpResponse<String> response) {
        return response.statusCode() == 200 && response.uri().getPath().equals("/authorize")
                && response.body().contains("name=\"password\"");
    }

    @Test
    void wrongPasswordGivesTheSameAnswerAsAnUnknownUser() {
        HttpResponse<String> wrong = browser.signIn(browser.get("/login"), "alice", "not-her-password");
        Browser other = new Browser(issuer);
        HttpResponse<String> unknown = other.signIn(other.get("/login"), "nobody-here", "whatever-pass");
        assertThat(wrong.uri().toString()).endsWith("/login?error");
        assertThat(unknown.uri().toString()).endsWith("/login?error");
        assertThat(wrong.body().replaceAll("value=\"[^\"]*\"", "")).isEqualTo(unknown.body().replaceAll("value=\"[^\"]*\"", ""));
    }
}
