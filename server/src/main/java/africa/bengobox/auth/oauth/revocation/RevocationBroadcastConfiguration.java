package africa.bengobox.auth.oauth.revocation;

import africa.bengobox.auth.config.AuthProperties;
import africa.bengobox.auth.config.ModeEnvironmentPostProcessor;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.listener.ChannelTopic;
import org.springframework.data.redis.listener.RedisMessageListenerContainer;

@Configuration(proxyBeanMethods = false)
class RevocationBroadcastConfiguration {

    @Bean
    @ConditionalOnProperty(name = ModeEnvironmentPostProcessor.REDIS_ENABLED, havingValue = "true")
    RedisMessageListenerContainer revocationListenerContainer(RedisConnectionFactory connectionFactory) {
        RedisMessageListenerContainer container = new RedisMessageListenerContainer();
        container.setConnectionFactory(connectionFactory);
        return container;
    }

    /** One channel per deployment (its issuer), as the other Redis keys are: deployments may share a Redis. */
    @Bean
    @ConditionalOnProperty(name = ModeEnvironmentPostProcessor.REDIS_ENABLED, havingValue = "true")
    RevocationBroadcast redisRevocationBroadcast(StringRedisTemplate redis, RedisMessageListenerContainer container,
            AuthProperties properties) {
        return inRedis(redis, container, "bengobox:revocations:" + properties.issuer());
    }

    /** Publishes "jti expiry-epoch-seconds" on the channel and hands what arrives on it to the listeners. */
    static RevocationBroadcast inRedis(StringRedisTemplate redis, RedisMessageListenerContainer container, String channel) {
        List<BiConsumer<String, Instant>> listeners = new CopyOnWriteArrayList<>();
        container.addMessageListener((message, pattern) -> {
            String[] parts = new String(message.getBody(), StandardCharsets.UTF_8).split(" ", 2);
            if (parts.length == 2 && parts[1].matches("\\d{1,18}")) {
                Instant expiresAt = Instant.ofEpochSecond(Long.parseLong(parts[1]));
                listeners.forEach(l -> l.accept(parts[0], expiresAt));
            }
        }, new ChannelTopic(channel));
        return new RevocationBroadcast() {
            @Override
            public void publish(String jti, Instant expiresAt) {
                redis.convertAndSend(channel, jti + " " + expiresAt.getEpochSecond());
            }

            @Override
            public void onRevocation(BiConsumer<String, Instant> listener) {
                listeners.add(listener);
            }
        };
    }

    @Bean
    @ConditionalOnProperty(name = ModeEnvironmentPostProcessor.REDIS_ENABLED, havingValue = "false", matchIfMissing = true)
    RevocationBroadcast localRevocationBroadcast() {
        return new RevocationBroadcast() {
            @Override
            public void publish(String jti, Instant expiresAt) {
                // one node: the deny list already knows
            }

            @Override
            public void onRevocation(BiConsumer<String, Instant> listener) {
                // nothing arrives from elsewhere; the database poll covers nodes sharing a database
            }

        };
    }
}
