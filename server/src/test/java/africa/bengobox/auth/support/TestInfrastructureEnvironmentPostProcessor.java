package africa.bengobox.auth.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.PropertySource;

/**
 * Gives every application started by the tests its own world: a fresh data dir (and so a fresh H2 database and
 * master key), a free port with the matching issuer, and, when BENGOBOX_TEST_POSTGRES_URL / BENGOBOX_TEST_REDIS_URL
 * are set, a fresh PostgreSQL database on that server and the shared Redis. Anything a test sets explicitly
 * (test properties, command-line arguments) wins over these defaults.
 */
public class TestInfrastructureEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

    public static final String POSTGRES_URL = System.getenv("BENGOBOX_TEST_POSTGRES_URL");
    public static final String POSTGRES_USER = System.getenv().getOrDefault("BENGOBOX_TEST_POSTGRES_USER", "postgres");
    public static final String POSTGRES_PASSWORD = System.getenv().getOrDefault("BENGOBOX_TEST_POSTGRES_PASSWORD", "");
    public static final String REDIS_URL = System.getenv("BENGOBOX_TEST_REDIS_URL");

    @Override
    public int getOrder() {
        // before ModeEnvironmentPostProcessor, which decides on Redis
        return Ordered.LOWEST_PRECEDENCE - 20;
    }

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        Map<String, Object> defaults = new HashMap<>();
        if (!setExplicitly(environment, "bengobox.auth.data-dir")) {
            try {
                defaults.put("bengobox.auth.data-dir", Files.createTempDirectory("bengobox-test").toString());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        if (!setExplicitly(environment, "server.port")) {
            int port = freePort();
            defaults.put("server.port", port);
            if (!setExplicitly(environment, "bengobox.auth.issuer")) {
                defaults.put("bengobox.auth.issuer", "http://localhost:" + port);
            }
        }
        if (POSTGRES_URL != null && !setExplicitly(environment, "spring.datasource.url")) {
            defaults.put("spring.datasource.url", freshPostgresDatabase());
            defaults.put("spring.datasource.username", POSTGRES_USER);
            defaults.put("spring.datasource.password", POSTGRES_PASSWORD);
        }
        if (REDIS_URL != null && !setExplicitly(environment, "spring.data.redis.url")) {
            defaults.put("spring.data.redis.url", REDIS_URL);
        }
        PropertySource<?> source = new MapPropertySource("bengoboxTestInfrastructure", defaults);
        String firstConfigFile = null;
        for (PropertySource<?> ps : environment.getPropertySources()) {
            if (ps.getName().startsWith("Config resource")) {
                firstConfigFile = ps.getName();
                break;
            }
        }
        if (firstConfigFile != null) {
            environment.getPropertySources().addBefore(firstConfigFile, source);
        } else {
            environment.getPropertySources().addLast(source);
        }
    }

    /** True when a source with precedence over the config files (test properties, arguments, env) sets the key. */
    private static boolean setExplicitly(ConfigurableEnvironment environment, String key) {
        for (PropertySource<?> ps : environment.getPropertySources()) {
            if (ps.getName().startsWith("Config resource")) {
                return false;
            }
            // the attached view over all sources answers for every key; look at the real sources only
            if (!ps.getName().equals("configurationProperties") && ps.containsProperty(key)) {
                return true;
            }
        }
        return false;
    }

    /** Creates an empty database on the test PostgreSQL server and returns its JDBC URL. */
    public static String freshPostgresDatabase() {
        String name = "bengobox_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        try (var c = DriverManager.getConnection(POSTGRES_URL, POSTGRES_USER, POSTGRES_PASSWORD);
             var s = c.createStatement()) {
            s.execute("create database " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot create a test database on " + POSTGRES_URL, e);
        }
        int slash = POSTGRES_URL.lastIndexOf('/');
        int query = POSTGRES_URL.indexOf('?', slash);
        return POSTGRES_URL.substring(0, slash + 1) + name + (query < 0 ? "" : POSTGRES_URL.substring(query));
    }

    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
