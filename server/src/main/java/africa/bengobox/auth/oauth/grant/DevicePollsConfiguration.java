package africa.bengobox.auth.oauth.grant;

import africa.bengobox.auth.config.AuthProperties;
import africa.bengobox.auth.config.ModeEnvironmentPostProcessor;
import africa.bengobox.auth.oauth.store.TokenHashes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.core.StringRedisTemplate;

/** Device polls in Redis when several nodes share it, else in this node's memory; kept by the code's hash. */
@Configuration(proxyBeanMethods = false)
class DevicePollsConfiguration {

    /** Polls older than this are forgotten by the in-memory record (a device code lives at most an hour). */
    private static final Duration FORGET_AFTER = Duration.ofHours(1);

    @Bean
    @ConditionalOnProperty(name = ModeEnvironmentPostProcessor.REDIS_ENABLED, havingValue = "true")
    DevicePolls redisDevicePolls(StringRedisTemplate redis, AuthProperties properties) {
        return inRedis(redis, "bengobox:device-polls:" + properties.issuer() + ":");
    }

    @Bean
    @ConditionalOnProperty(name = ModeEnvironmentPostProcessor.REDIS_ENABLED, havingValue = "false", matchIfMissing = true)
    DevicePolls localDevicePolls(Clock clock) {
        return inMemory(clock);
    }

    /** One key per device code that expires an interval after the latest poll: SET … PX … GET records and reads at once. */
    static DevicePolls inRedis(StringRedisTemplate redis, String keyPrefix) {
        return (deviceCode, interval) -> redis.opsForValue().setGet(keyPrefix + TokenHashes.hash(deviceCode), "1", interval) != null;
    }

    static DevicePolls inMemory(Clock clock) {
        Map<String, Instant> lastPoll = new ConcurrentHashMap<>();
        return (deviceCode, interval) -> {
            Instant now = clock.instant();
            lastPoll.values().removeIf(at -> at.isBefore(now.minus(FORGET_AFTER)));
            Instant previous = lastPoll.put(TokenHashes.hash(deviceCode), now);
            return previous != null && previous.plus(interval).isAfter(now);
        };
    }
}
