package africa.bengobox.auth.identity;

import static org.assertj.core.api.Assertions.assertThat;

import africa.bengobox.auth.config.AuthProperties;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** Hashes run on their own pool, below the request threads' priority (docs/decisions/0015). */
class PasswordHasherTest {

    private final AuthProperties properties = new Binder(new MapConfigurationPropertySource(Map.of(
            "bengobox.auth.password.memory-kib", "8192", "bengobox.auth.password.max-concurrent", "2")))
            .bindOrCreate("bengobox.auth", AuthProperties.class);

    @Test
    void hashesOnThreadsOfTheLowestPriority() throws Exception {
        PasswordHasher hasher = new PasswordHasher(properties, new SimpleMeterRegistry());
        try {
            String first = hasher.hashLater("correct horse battery").get();
            String second = hasher.hashLater("another password").get();
            assertThat(hasher.verify("correct horse battery", first)).isTrue();
            assertThat(hasher.verify("correct horse battery", second)).isFalse();

            List<Thread> hashing = Thread.getAllStackTraces().keySet().stream()
                    .filter(t -> t.getName().startsWith("argon2id-")).toList();
            assertThat(hashing).isNotEmpty()
                    .allSatisfy(t -> assertThat(t.getPriority()).as(t.getName()).isEqualTo(Thread.MIN_PRIORITY));
        } finally {
            hasher.destroy();
        }
    }
}
