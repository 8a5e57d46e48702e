package africa.bengobox.auth.support;

import africa.bengobox.auth.BengoboxAuthApplication;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

/** Starts whole applications by hand, for tests about start-up itself (restarts, failures). */
public final class TestApps {

    private TestApps() {
    }

    /** Arguments that pin an application to one data dir and one database, so a second start sees the first's data. */
    public static List<String> sharedStorage(Path dataDir) {
        List<String> args = new ArrayList<>();
        args.add("--bengobox.auth.data-dir=" + dataDir);
        String url = TestInfrastructureEnvironmentPostProcessor.POSTGRES_URL != null
                ? TestInfrastructureEnvironmentPostProcessor.freshPostgresDatabase()
                : "jdbc:h2:file:" + dataDir.resolve("db") + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH";
        args.add("--spring.datasource.url=" + url);
        if (TestInfrastructureEnvironmentPostProcessor.POSTGRES_URL != null) {
            args.add("--spring.datasource.username=" + TestInfrastructureEnvironmentPostProcessor.POSTGRES_USER);
            args.add("--spring.datasource.password=" + TestInfrastructureEnvironmentPostProcessor.POSTGRES_PASSWORD);
        }
        return args;
    }

    public static ConfigurableApplicationContext start(List<String> args) {
        SpringApplication app = new SpringApplication(BengoboxAuthApplication.class);
        return app.run(args.toArray(String[]::new));
    }
}
