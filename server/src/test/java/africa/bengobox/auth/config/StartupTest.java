package africa.bengobox.auth.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import africa.bengobox.auth.support.Db;
import africa.bengobox.auth.support.TestApps;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Whole-application starts: first start, restart on the same data, and refusals of bad configuration. */
@ExtendWith(OutputCaptureExtension.class)
class StartupTest {

    @TempDir Path dataDir;

    @Test
    void startsMigratesAndRestartsWithoutRedoingAnything(CapturedOutput output) throws Exception {
        List<String> args = TestApps.sharedStorage(dataDir);
        long keys;
        long admins;
        try (var first = TestApps.start(args)) {
            int port = ((WebServerApplicationContext) first).getWebServer().getPort();
            HttpResponse<String> health = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/actuator/health/readiness")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(health.body()).contains("\"UP\"");
            assertThat(health.headers().firstValue("Content-Security-Policy")).get().asString().contains("frame-ancestors 'none'");
            assertThat(health.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
            HttpResponse<String> metrics = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/actuator/prometheus")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(metrics.statusCode()).isEqualTo(200);
            assertThat(metrics.body()).contains("jvm_memory_used_bytes");
            Flyway flyway = first.getBean(Flyway.class);
            assertThat(flyway.info().pending()).isEmpty();
            assertThat(flyway.info().applied()).isNotEmpty();
            JdbcClient jdbc = first.getBean(JdbcClient.class);
            keys = Db.count(jdbc, "signing_keys");
            admins = Db.count(jdbc, "users");
            assertThat(keys).isGreaterThanOrEqualTo(2);
            assertThat(admins).isEqualTo(1);
        }
        assertThat(output.getAll()).contains("Created the platform administrator 'admin' with the generated password");
        int printedBefore = count(output.getAll(), "generated password");

        try (var second = TestApps.start(args)) {
            JdbcClient jdbc = second.getBean(JdbcClient.class);
            assertThat(Db.count(jdbc, "signing_keys")).isEqualTo(keys);
            assertThat(Db.count(jdbc, "users")).isEqualTo(admins);
            assertThat(second.getBean(Flyway.class).info().pending()).isEmpty();
        }
        assertThat(count(output.getAll(), "generated password")).isEqualTo(printedBefore);
    }

    @Test
    void httpsIssuerMakesTheSessionCookieSecure() {
        List<String> args = new ArrayList<>(TestApps.sharedStorage(dataDir));
        args.add("--bengobox.auth.issuer=https://auth.example.com");
        try (var ctx = TestApps.start(args)) {
            assertThat(ctx.getEnvironment().getProperty("server.servlet.session.cookie.secure")).isEqualTo("true");
        }
    }

    @Test
    void invalidPropertyIsNamed(CapturedOutput output) {
        List<String> args = new ArrayList<>(TestApps.sharedStorage(dataDir));
        args.add("--bengobox.auth.issuer=ftp://nope/");
        assertThatThrownBy(() -> TestApps.start(args)).isNotNull();
        assertThat(output.getAll()).contains("bengobox.auth.issuer").contains("APPLICATION FAILED TO START");
    }

    @Test
    void invalidDurationIsNamed(CapturedOutput output) {
        List<String> args = new ArrayList<>(TestApps.sharedStorage(dataDir));
        args.add("--bengobox.auth.tokens.access-token-ttl=2s");
        assertThatThrownBy(() -> TestApps.start(args)).isNotNull();
        assertThat(output.getAll()).contains("bengobox.auth.tokens.accessTokenTtl").contains("30 seconds");
    }

    @Test
    void badSecretsAreRefusedWithoutBeingPrinted(CapturedOutput output) {
        List<String> args = new ArrayList<>(TestApps.sharedStorage(dataDir));
        args.add("--bengobox.auth.keys.master-key=not-a-key-but-secret-material");
        assertThatThrownBy(() -> TestApps.start(args)).isNotNull();
        List<String> shortPassword = new ArrayList<>(TestApps.sharedStorage(dataDir));
        shortPassword.add("--bengobox.bootstrap.admin.password=tiny-pw");
        assertThatThrownBy(() -> TestApps.start(shortPassword)).isNotNull();
        assertThat(output.getAll())
                .contains("bengobox.auth.keys.master-key must be the base64 encoding of 32 bytes")
                .contains("bengobox.bootstrap.admin.password must be 10 to 128 characters long")
                .doesNotContain("not-a-key-but-secret-material")
                .doesNotContain("tiny-pw");
    }

    @Test
    void productionModeWithoutDatabaseFailsWithOneSentence(CapturedOutput output) {
        List<String> args = List.of("--bengobox.auth.mode=production", "--bengobox.auth.data-dir=" + dataDir,
                "--spring.datasource.url=jdbc:h2:mem:x");
        assertThatThrownBy(() -> TestApps.start(args)).isInstanceOf(StartupCheckException.class);
        assertThat(output.getAll())
                .contains("Production mode needs a PostgreSQL database")
                .doesNotContain("\tat ");
    }

    @Test
    void productionModeWithUnreachableDatabaseFailsWithOneSentence(CapturedOutput output) {
        List<String> args = List.of("--bengobox.auth.mode=production", "--bengobox.auth.data-dir=" + dataDir,
                "--spring.datasource.url=jdbc:postgresql://127.0.0.1:1/none?connectTimeout=2");
        assertThatThrownBy(() -> TestApps.start(args)).isInstanceOf(StartupCheckException.class);
        assertThat(output.getAll())
                .contains("Production mode could not connect to the database at jdbc:postgresql://127.0.0.1:1/none")
                .doesNotContain("\tat ");
    }

    @Test
    void malformedImportFileStopsStartupWithLine(CapturedOutput output) throws Exception {
        Path file = dataDir.resolve("import.yaml");
        java.nio.file.Files.writeString(file, "tenants:\n  - slug: ok\n    nme: typo\n");
        List<String> args = new ArrayList<>(TestApps.sharedStorage(dataDir));
        args.add("--bengobox.auth.import=" + file);
        assertThatThrownBy(() -> TestApps.start(args)).isNotNull();
        assertThat(output.getAll()).contains("The import file " + file + " is invalid at line 3");
    }

    private static int count(String haystack, String needle) {
        int n = 0;
        for (int i = haystack.indexOf(needle); i >= 0; i = haystack.indexOf(needle, i + 1)) {
            n++;
        }
        return n;
    }
}
