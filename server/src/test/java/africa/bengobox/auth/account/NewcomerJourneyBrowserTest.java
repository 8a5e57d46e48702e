package africa.bengobox.auth.account;

import static org.assertj.core.api.Assertions.assertThat;

import africa.bengobox.auth.support.Chromium;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * A newcomer on the embedded default (no SMTP server: mail goes to the development mailbox), in a real headless
 * Chromium, only through the pages: registers from a client's sign-in page, verifies the address from /dev/mailbox,
 * signs in and lands back at the client; forgets the password and resets it; then signs in with a magic link.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT,
        properties = "bengobox.auth.import=src/test/resources/e2e-import.yaml")
class NewcomerJourneyBrowserTest {

    static final Duration WAIT = Duration.ofSeconds(15);

    @Value("${bengobox.auth.issuer}") String issuer;

    HttpServer client;
    String redirectUri;
    Chromium browser;
    ChromeDriver driver;
    WebDriverWait wait;

    @BeforeEach
    void start() throws IOException {
        // a native client's loopback redirect URI on any port (RFC 8252 7.3): a free one, so that nothing collides
        client = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        client.createContext("/", exchange -> {
            byte[] ok = "client got the code".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, ok.length);
            exchange.getResponseBody().write(ok);
            exchange.close();
        });
        client.start();
        redirectUri = "http://127.0.0.1:" + client.getAddress().getPort() + "/callback";
        browser = Chromium.start();
        driver = browser.driver();
        wait = new WebDriverWait(driver, WAIT);
    }

    @AfterEach
    void stop() {
        if (browser != null) {
            browser.close();
        }
        if (client != null) {
            client.stop(0);
        }
    }

    @Test
    void registerVerifySignInResetAndUseAMagicLinkThroughThePages() {
        // a client sends the newcomer to sign in; they have no account yet
        Map<String, String> params = new LinkedHashMap<>();
        params.put("response_type", "code");
        params.put("client_id", "web-app");
        params.put("redirect_uri", redirectUri);
        params.put("scope", "openid email");
        params.put("state", "s1");
        params.put("code_challenge", "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
        params.put("code_challenge_method", "S256");
        driver.get(issuer + "/authorize?" + params.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&")));
        waitForPath("/authorize");
        click(By.id("register-link"));
        waitForPath("/register");
        type("username", "wanjiru");
        type("email", "Wanjiru@Example.com");
        type("password", "mangoes and chapati");
        click(By.id("register-submit"));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("message-heading"), "Check your email"));

        // the development mailbox has the verification email; its link confirms the address
        openNewestLink("/register/verify");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("message-heading"), "Email address confirmed"));
        click(By.id("sign-in-link"));
        waitForPath("/login");
        signIn("wanjiru", "mangoes and chapati");
        wait.until(d -> d.getCurrentUrl().startsWith(redirectUri + "?code="));

        // later, signed out, the password is forgotten
        driver.manage().deleteAllCookies();
        driver.get(issuer + "/login");
        click(By.id("forgot-link"));
        waitForPath("/password/forgot");
        type("email", "wanjiru@example.com");
        click(By.id("forgot-submit"));
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("sent")));
        openNewestLink("/password/reset");
        waitForPath("/password/reset");
        type("password", "chai with cardamom");
        click(By.id("reset-submit"));
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("login-reset")));
        signIn("wanjiru", "mangoes and chapati");
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("login-error")));
        signIn("wanjiru", "chai with cardamom");
        waitForPath("/");
        assertThat(driver.findElement(By.tagName("main")).getText()).contains("wanjiru");

        // and another day, a magic link instead of the password
        driver.manage().deleteAllCookies();
        driver.get(issuer + "/login");
        click(By.id("magic-link"));
        waitForPath("/login/magic");
        type("email", "wanjiru@example.com");
        click(By.id("magic-submit"));
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("sent")));
        openNewestLink("/login/magic/verify");
        waitForPath("/");
        assertThat(driver.findElement(By.tagName("main")).getText()).contains("wanjiru");
        driver.get(issuer + "/account");
        waitForPath("/account");
        assertThat(driver.findElement(By.id("account-heading")).getText()).isEqualTo("Your account");
    }

    void openNewestLink(String path) {
        driver.get(issuer + "/dev/mailbox");
        waitForPath("/dev/mailbox");
        WebElement link = driver.findElements(By.cssSelector("a.mail-link")).stream()
                .filter(a -> URI.create(a.getDomAttribute("href")).getPath().equals(path)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + path + " link in the mailbox:\n" + driver.getPageSource()));
        click(link);
    }

    void signIn(String username, String password) {
        WebElement user = wait.until(ExpectedConditions.elementToBeClickable(By.id("username")));
        user.clear();
        user.sendKeys(username);
        type("password", password);
        click(By.cssSelector("form button[type='submit']"));
    }

    void type(String id, String text) {
        WebElement input = wait.until(ExpectedConditions.elementToBeClickable(By.id(id)));
        input.clear();
        input.sendKeys(text);
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
}
