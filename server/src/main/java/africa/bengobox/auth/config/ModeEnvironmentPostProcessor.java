package africa.bengobox.auth.config;

import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.util.StringUtils;

/**
 * Decides, before any bean exists, what the embedded and production modes mean for the infrastructure:
 * Redis is used only when a Redis URL or host is configured (otherwise its auto-configuration is switched off and
 * in-process equivalents take over), tracing only when {@code management.tracing.enabled} is true, and production
 * mode refuses to start without a reachable PostgreSQL database.
 */
public class ModeEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

    /** Set by this class; features read it to choose between Redis and in-process implementations. */
    public static final String REDIS_ENABLED = "bengobox.internal.redis-enabled";

    private static final List<String> REDIS_AUTO_CONFIGURATIONS = List.of(
            "org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration",
            "org.springframework.boot.data.redis.autoconfigure.DataRedisReactiveAutoConfiguration",
            "org.springframework.boot.data.redis.autoconfigure.DataRedisRepositoriesAutoConfiguration",
            "org.springframework.boot.data.redis.autoconfigure.health.DataRedisHealthContributorAutoConfiguration",
            "org.springframework.boot.data.redis.autoconfigure.health.DataRedisReactiveHealthContributorAutoConfiguration",
            "org.springframework.boot.data.redis.autoconfigure.observation.LettuceObservationAutoConfiguration",
            "org.springframework.boot.session.data.redis.autoconfigure.SessionDataRedisAutoConfiguration",
            "org.springframework.boot.session.autoconfigure.SessionAutoConfiguration");

    /**
     * With tracing off these are left out entirely: Boot's own switch ({@code management.tracing.export.enabled})
     * only stops the export, while the tracing observation handler keeps making spans on every request (a third of
     * the HTTP observation's cost in profiles).
     */
    private static final List<String> TRACING_AUTO_CONFIGURATIONS = List.of(
            "org.springframework.boot.micrometer.tracing.autoconfigure.MicrometerTracingAutoConfiguration",
            "org.springframework.boot.micrometer.tracing.autoconfigure.prometheus.PrometheusExemplarsAutoConfiguration",
            "org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.OpenTelemetryTracingAutoConfiguration",
            "org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.otlp.OtlpTracingAutoConfiguration",
            "org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.zipkin.ZipkinWithOpenTelemetryTracingAutoConfiguration",
            "org.springframework.boot.opentelemetry.autoconfigure.OpenTelemetrySdkAutoConfiguration",
            "org.springframework.boot.opentelemetry.autoconfigure.logging.OpenTelemetryLoggingAutoConfiguration",
            "org.springframework.boot.opentelemetry.autoconfigure.logging.otlp.OtlpLoggingAutoConfiguration");

    @Override
    public int getOrder() {
        // after the config files are read (ConfigDataEnvironmentPostProcessor is HIGHEST_PRECEDENCE + 10)
        return Ordered.LOWEST_PRECEDENCE - 10;
    }

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        Map<String, Object> derived = new LinkedHashMap<>();
        boolean redis = StringUtils.hasText(environment.getProperty("spring.data.redis.url"))
                || StringUtils.hasText(environment.getProperty("spring.data.redis.host"));
        derived.put(REDIS_ENABLED, Boolean.toString(redis));
        Set<String> excluded = new LinkedHashSet<>();
        if (!redis) {
            excluded.addAll(REDIS_AUTO_CONFIGURATIONS);
        }
        if (!environment.getProperty("management.tracing.enabled", Boolean.class, false)) {
            excluded.addAll(TRACING_AUTO_CONFIGURATIONS);
        }
        if (!excluded.isEmpty()) {
            String existing = environment.getProperty("spring.autoconfigure.exclude");
            if (StringUtils.hasText(existing)) {
                excluded.addAll(StringUtils.commaDelimitedListToSet(existing));
            }
            derived.put("spring.autoconfigure.exclude", String.join(",", excluded));
        }
        // behind an https issuer the session cookie must never travel over plain http
        if (environment.getProperty("bengobox.auth.issuer", "").startsWith("https://")
                && environment.getProperty("server.servlet.session.cookie.secure") == null) {
            derived.put("server.servlet.session.cookie.secure", "true");
        }
        environment.getPropertySources().addFirst(new MapPropertySource("bengoboxMode", derived));
        if ("production".equalsIgnoreCase(environment.getProperty("bengobox.auth.mode", "embedded").trim())) {
            checkProductionDatabase(environment);
        }
    }

    private static void checkProductionDatabase(ConfigurableEnvironment environment) {
        String url = environment.getProperty("spring.datasource.url", "");
        if (!url.startsWith("jdbc:postgresql:")) {
            throw new StartupCheckException(
                    "Production mode needs a PostgreSQL database, but SPRING_DATASOURCE_URL is not set to a jdbc:postgresql: URL.",
                    "Set SPRING_DATASOURCE_URL (and SPRING_DATASOURCE_USERNAME / SPRING_DATASOURCE_PASSWORD), or unset BENGOBOX_AUTH_MODE to run on the embedded database.");
        }
        DriverManager.setLoginTimeout(5);
        try (var ignored = DriverManager.getConnection(url,
                environment.getProperty("spring.datasource.username"),
                environment.getProperty("spring.datasource.password"))) {
            // reachable
        } catch (SQLException e) {
            throw new StartupCheckException(
                    "Production mode could not connect to the database at " + withoutParameters(url) + ": " + firstLine(e.getMessage()),
                    "Check that PostgreSQL is running and that SPRING_DATASOURCE_URL, SPRING_DATASOURCE_USERNAME and SPRING_DATASOURCE_PASSWORD are right.");
        }
    }

    /** JDBC URL parameters may carry a password; never print them. */
    private static String withoutParameters(String url) {
        int q = url.indexOf('?');
        return q < 0 ? url : url.substring(0, q);
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unknown error";
        }
        int nl = message.indexOf('\n');
        return (nl < 0 ? message : message.substring(0, nl)).trim();
    }
}
