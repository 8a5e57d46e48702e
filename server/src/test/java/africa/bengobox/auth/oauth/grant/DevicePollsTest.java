package africa.bengobox.auth.oauth.grant;

import static org.assertj.core.api.Assertions.assertThat;

import africa.bengobox.auth.support.SettableClock;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

/** A device polling faster than the interval is seen, on one node and, through Redis, across nodes. */
class DevicePollsTest {

    private static final Duration INTERVAL = Duration.ofSeconds(5);

    @Test
    void inMemoryAPollWithinTheIntervalOfThePreviousOneIsTooSoon() {
        SettableClock clock = new SettableClock(Instant.parse("2026-12-07T12:00:00Z"));
        DevicePolls polls = DevicePollsConfiguration.inMemory(clock);

        assertThat(polls.tooSoon("device-a", INTERVAL)).isFalse();
        clock.advance(Duration.ofSeconds(2));
        assertThat(polls.tooSoon("device-a", INTERVAL)).isTrue();
        assertThat(polls.tooSoon("device-b", INTERVAL)).as("each device code on its own").isFalse();
        clock.advance(Duration.ofSeconds(4));
        assertThat(polls.tooSoon("device-a", INTERVAL)).as("counted from the latest poll, the early one too").isTrue();
        clock.advance(Duration.ofSeconds(5));
        assertThat(polls.tooSoon("device-a", INTERVAL)).isFalse();
    }

    @Test
    @EnabledIfEnvironmentVariable(named = "BENGOBOX_TEST_REDIS_URL", matches = ".+")
    void inRedisThePollsOfOneDeviceToTwoNodesAreSeenByBoth() throws Exception {
        URI url = URI.create(System.getenv("BENGOBOX_TEST_REDIS_URL"));
        LettuceConnectionFactory connections = new LettuceConnectionFactory(new RedisStandaloneConfiguration(url.getHost(), url.getPort()));
        connections.afterPropertiesSet();
        connections.start();
        try {
            StringRedisTemplate redis = new StringRedisTemplate(connections);
            String prefix = "bengobox-test:device-polls:" + UUID.randomUUID() + ":";
            DevicePolls oneNode = DevicePollsConfiguration.inRedis(redis, prefix);
            DevicePolls otherNode = DevicePollsConfiguration.inRedis(redis, prefix);
            Duration interval = Duration.ofMillis(300);

            assertThat(oneNode.tooSoon("the-device-code", interval)).isFalse();
            assertThat(otherNode.tooSoon("the-device-code", interval)).isTrue();
            assertThat(redis.keys(prefix + "*")).hasSize(1).noneMatch(key -> key.contains("the-device-code"));
            Thread.sleep(450);
            assertThat(otherNode.tooSoon("the-device-code", interval)).as("the record expires with the interval").isFalse();
        } finally {
            connections.destroy();
        }
    }
}
