package africa.bengobox.auth.oauth.revocation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.listener.RedisMessageListenerContainer;

/** Through Redis a revocation reaches the other nodes of the deployment, and only them. */
@EnabledIfEnvironmentVariable(named = "BENGOBOX_TEST_REDIS_URL", matches = ".+")
class RevocationBroadcastTest {

    @Test
    void aRevocationPublishedByOneNodeReachesTheOtherNodesOfItsDeploymentOnly() throws Exception {
        URI url = URI.create(System.getenv("BENGOBOX_TEST_REDIS_URL"));
        LettuceConnectionFactory connections = new LettuceConnectionFactory(new RedisStandaloneConfiguration(url.getHost(), url.getPort()));
        connections.afterPropertiesSet();
        connections.start();
        String deployment = "bengobox-test:revocations:" + UUID.randomUUID();
        List<RedisMessageListenerContainer> containers = List.of(container(connections), container(connections), container(connections));
        try {
            StringRedisTemplate redis = new StringRedisTemplate(connections);
            RevocationBroadcast one = RevocationBroadcastConfiguration.inRedis(redis, containers.get(0), deployment);
            RevocationBroadcast other = RevocationBroadcastConfiguration.inRedis(redis, containers.get(1), deployment);
            RevocationBroadcast elsewhere = RevocationBroadcastConfiguration.inRedis(redis, containers.get(2), deployment + "-other");
            Map<String, Instant> heardByOther = new ConcurrentHashMap<>();
            Map<String, Instant> heardElsewhere = new ConcurrentHashMap<>();
            other.onRevocation(heardByOther::put);
            elsewhere.onRevocation(heardElsewhere::put);
            containers.forEach(RedisMessageListenerContainer::start);
            Instant expiry = Instant.parse("2026-12-07T17:00:00Z");

            one.publish("jti-1", expiry);
            redis.convertAndSend(deployment, "not a revocation");

            await().atMost(Duration.ofSeconds(1)).until(() -> heardByOther.containsKey("jti-1"));
            assertThat(heardByOther).containsExactly(Map.entry("jti-1", expiry));
            elsewhere.publish("jti-elsewhere", expiry);
            await().atMost(Duration.ofSeconds(1)).until(() -> heardElsewhere.containsKey("jti-elsewhere"));
            assertThat(heardElsewhere).as("another deployment sharing the Redis").containsOnlyKeys("jti-elsewhere");
            assertThat(heardByOther).containsOnlyKeys("jti-1");
        } finally {
            containers.forEach(RedisMessageListenerContainer::stop);
            connections.destroy();
        }
    }

    private static RedisMessageListenerContainer container(LettuceConnectionFactory connections) {
        RedisMessageListenerContainer container = new RedisMessageListenerContainer();
        container.setConnectionFactory(connections);
        container.afterPropertiesSet();
        return container;
    }
}
