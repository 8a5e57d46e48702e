package africa.bengobox.auth.oauth;

import static org.assertj.core.api.Assertions.assertThat;

import africa.bengobox.auth.support.Chromium;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Walks the sign-in journey a person takes, in a real headless Chromium: the authorization request of a third-party
 * client, the sign-in page (with its language switch), the organisation picker and the consent page, back to the
 * client's redirect URI, which a tiny recorder in this test answers. The code is then redeemed for tokens.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT,
        properties = "bengobox.auth.import=src/test/resources/e2e-import.yaml")
class LoginJourneyBrowserTest {

    static final String CLIENT_ID = "partner-app";
    static final String CLIENT_SECRET = "partner-secret-0123456789";
    static final String REDIRECT_URI = "http://127.0.0.1:9998/cb";
    static final Duration WAIT = Duration.ofSeconds(10);

    @Value("${bengobox.auth.issuer}") String issuer;

    HttpServer recorder;
    final CompletableFuture<String> callbackQuery = new CompletableFuture<>();
    Chromium browser;
    ChromeDriver driver;
    WebDriverWait wait;

    @BeforeEach
    void start() throws IOException {
        recorder = startRecorder();
        browser = Chromium.start();
        driver = browser.driver();
        wait = new WebDriverWait(driver, WAIT);
    }

    @AfterEach
    void stop() {
        if (browser != null) {
            browser.close();
        }
        if (recorder != null) {
            recorder.stop(0);
        }
    }

    @Test
    void signInChooseTenantAndConsentInARealBrowser() throws Exception {
        String verifier = random();
        String state = random();
        driver.get(issuer + "/authorize?" + form(Map.of("response_type", "code", "client_id", CLIENT_ID,
                "redirect_uri", REDIRECT_URI, "scope", "openid profile email", "state", state, "nonce", random(),
                "code_challenge", s256(verifier), "code_challenge_method", "S256")));

        // sign-in page, in answer to the authorization request itself: labelled inputs, a working language switch,
        // then sign in as bob
        waitForPath("/authorize");
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("password")));
        assertThat(driver.findElements(By.cssSelector("label[for='username']"))).as("label for the username input").hasSize(1);
        assertThat(driver.findElement(By.cssSelector("html")).getDomAttribute("lang")).isEqualTo("en");
        assertThat(submitButton().getText()).isEqualTo("Sign in");

        click(By.cssSelector("a[hreflang='sw']"));
        wait.until(ExpectedConditions.attributeToBe(By.cssSelector("html"), "lang", "sw"));
        assertThat(driver.findElement(By.cssSelector("label[for='username']")).getText()).isEqualTo("Jina la mtumiaji au barua pepe");
        assertThat(driver.findElement(By.cssSelector("label[for='password']")).getText()).isEqualTo("Nenosiri");
        assertThat(submitButton().getText()).isEqualTo("Ingia");
        assertThat(driver.findElement(By.cssSelector("p.subtitle")).getText()).isEqualTo("ili kuendelea kwenye Partner Analytics");

        click(By.cssSelector("a[hreflang='en']"));
        wait.until(ExpectedConditions.attributeToBe(By.cssSelector("html"), "lang", "en"));
        assertThat(submitButton().getText()).isEqualTo("Sign in");

        driver.findElement(By.id("username")).sendKeys("bob");
        driver.findElement(By.id("password")).sendKeys("bob-password-12");
        click(submitButton());

        // organisation picker: both of bob's tenants, choose globex
        waitForPath("/tenant");
        List<WebElement> radios = driver.findElements(By.cssSelector("input[type='radio'][name='tenant']"));
        assertThat(radios).extracting(r -> r.getDomAttribute("value")).containsExactly("acme", "globex");
        assertThat(driver.findElements(By.cssSelector(".choice label"))).extracting(WebElement::getText)
                .containsExactly("Acme Foods", "Globex Kitchens");
        click(By.cssSelector("label[for='" + radios.get(1).getDomAttribute("id") + "']"));
        assertThat(radios.get(1).isSelected()).isTrue();
        click(By.id("choose-tenant"));

        // consent page: the requested scopes, all ticked; allow
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("allow")));
        assertThat(driver.findElement(By.id("consent-heading")).getText()).isEqualTo("Grant access");
        assertThat(driver.findElement(By.cssSelector("p.lead")).getText()).contains("Partner Analytics");
        assertThat(driver.findElements(By.cssSelector(".scope-list code"))).extracting(WebElement::getText)
                .containsExactlyInAnyOrder("openid", "profile", "email");
        assertThat(driver.findElements(By.cssSelector("input[type='checkbox'][name='scope']")))
                .allSatisfy(box -> assertThat(box.isSelected()).isTrue());
        assertThat(driver.findElement(By.id("deny")).isDisplayed()).isTrue();
        screenshot(Path.of("/tmp/consent.png"));
        click(By.id("allow"));

        // back at the client
        wait.until(ExpectedConditions.urlMatches("^" + java.util.regex.Pattern.quote(REDIRECT_URI) + "\\?"));
        Map<String, String> callback = parseQuery(callbackQuery.get(10, TimeUnit.SECONDS));
        assertThat(callback).containsKey("code").doesNotContainKey("error");
        assertThat(callback.get("code")).isNotBlank();
        assertThat(callback.get("state")).isEqualTo(state);
        assertThat(callback.get("iss")).isEqualTo(issuer);
        assertThat(driver.findElement(By.tagName("body")).getText()).isEqualTo("ok");

        // the code is good for tokens acting in globex
        JsonNode tokens = redeem(callback.get("code"), verifier);
        assertThat(tokens.path("token_type").asString()).isEqualToIgnoringCase("Bearer");
        assertThat(tokens.path("id_token").asString()).isNotBlank();
        String accessToken = tokens.path("access_token").asString();
        String payload = new String(Base64.getUrlDecoder().decode(accessToken.split("\\.")[1]), StandardCharsets.UTF_8);
        assertThat(payload).contains("\"tenant_slug\":\"globex\"");
        assertThat(JsonMapper.shared().readTree(payload).path("tenant_slug").asString()).isEqualTo("globex");
    }

    // ---- browser ------------------------------------------------------------------------------------------------

    WebElement submitButton() {
        return driver.findElement(By.cssSelector("form button[type='submit']"));
    }

    void click(By by) {
        click(wait.until(ExpectedConditions.elementToBeClickable(by)));
    }

    void click(WebElement element) {
        wait.until(ExpectedConditions.elementToBeClickable(element)).click();
    }

    void waitForPath(String path) {
        wait.until(d -> URI.create(d.getCurrentUrl()).getPath().equals(path)
                && "complete".equals(((ChromeDriver) d).executeScript("return document.readyState")));
    }

    void screenshot(Path target) throws IOException {
        Files.copy(driver.getScreenshotAs(OutputType.FILE).toPath(), target, StandardCopyOption.REPLACE_EXISTING);
    }

    // ---- the client's side --------------------------------------------------------------------------------------

    /** Stands in for the client at its redirect URI: records the query of GET /cb and answers "ok". */
    HttpServer startRecorder() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 9998), 0);
        server.createContext("/", exchange -> {
            boolean callback = "GET".equals(exchange.getRequestMethod()) && "/cb".equals(exchange.getRequestURI().getPath());
            if (callback) {
                callbackQuery.complete(exchange.getRequestURI().getRawQuery());
            }
            byte[] body = (callback ? "ok" : "not found").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
            exchange.sendResponseHeaders(callback ? 200 : 404, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        return server;
    }

    JsonNode redeem(String code, String verifier) throws IOException, InterruptedException {
        String basic = Base64.getEncoder().encodeToString((CLIENT_ID + ":" + CLIENT_SECRET).getBytes(StandardCharsets.UTF_8));
        HttpRequest request = HttpRequest.newBuilder(URI.create(issuer + "/token"))
                .header("Authorization", "Basic " + basic)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form(Map.of("grant_type", "authorization_code", "code", code,
                        "redirect_uri", REDIRECT_URI, "code_verifier", verifier))))
                .build();
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as("token response %s", response.body()).isEqualTo(200);
            return JsonMapper.shared().readTree(response.body());
        }
    }

    // ---- small helpers ------------------------------------------------------------------------------------------

    static String random() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static String s256(String verifier) throws Exception {
        byte[] hash = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(hash);
    }

    static String form(Map<String, String> params) {
        StringBuilder out = new StringBuilder();
        params.forEach((k, v) -> out.append(out.isEmpty() ? "" : "&").append(URLEncoder.encode(k, StandardCharsets.UTF_8))
                .append('=').append(URLEncoder.encode(v, StandardCharsets.UTF_8).replace("+", "%20")));
        return out.toString();
    }

    static Map<String, String> parseQuery(String query) {
        Map<String, String> params = new LinkedHashMap<>();
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            params.put(URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8),
                    eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return params;
    }
}
