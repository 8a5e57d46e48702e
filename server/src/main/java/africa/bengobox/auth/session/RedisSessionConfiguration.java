package africa.bengobox.auth.session;

import africa.bengobox.auth.config.ModeEnvironmentPostProcessor;
import java.time.Clock;
import java.time.Duration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.RedisTemplate;
import org.springframework.data.redis.serializer.RedisSerializer;
import org.springframework.session.config.annotation.web.http.EnableSpringHttpSession;

/**
 * With Redis, HTTP sessions live there, in {@link RedisSessionStore} (Spring Boot's own Redis session
 * configuration steps aside for it); without Redis they stay in the servlet container's memory. The timeout and
 * the key namespace are Spring Boot's settings ({@code spring.session.timeout}, else
 * {@code server.servlet.session.timeout}; {@code spring.session.data.redis.namespace}).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = ModeEnvironmentPostProcessor.REDIS_ENABLED, havingValue = "true")
@EnableSpringHttpSession
class RedisSessionConfiguration {

    @Bean
    RedisSessionStore sessionRepository(RedisConnectionFactory connections, Clock clock,
            @Value("${spring.session.timeout:${server.servlet.session.timeout:30m}}") Duration timeout,
            @Value("${spring.session.data.redis.namespace:spring:session}") String namespace) {
        return new RedisSessionStore(binary(connections), namespace, timeout, clock);
    }

    /** Keys, values and hash fields as the bytes they are: the store serialises values itself. */
    static RedisTemplate<byte[], byte[]> binary(RedisConnectionFactory connections) {
        RedisTemplate<byte[], byte[]> redis = new RedisTemplate<>();
        redis.setConnectionFactory(connections);
        redis.setEnableDefaultSerializer(false);
        redis.setKeySerializer(RedisSerializer.byteArray());
        redis.setValueSerializer(RedisSerializer.byteArray());
        redis.setHashKeySerializer(RedisSerializer.byteArray());
        redis.setHashValueSerializer(RedisSerializer.byteArray());
        redis.afterPropertiesSet();
        return redis;
    }
}
