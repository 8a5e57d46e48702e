package africa.bengobox.auth.account;

import africa.bengobox.auth.config.AuthProperties;
import africa.bengobox.auth.config.ModeEnvironmentPostProcessor;
import africa.bengobox.auth.identity.LinkTokenService;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.redis.lettuce.cas.LettuceBasedProxyManager;
import io.lettuce.core.RedisClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.stereotype.Component;

/**
 * Per-address and per-IP limits on the requests that send email (registration, password reset, magic link, email
 * change): token buckets (Bucket4j) refilled greedily over the window, named by a SHA-256 of action and address. With
 * Redis configured the buckets live there (prefixed by the issuer, so every node of a deployment shares them);
 * otherwise in this process.
 */
@Component
class AbuseLimits {

    enum Action { REGISTRATION, PASSWORD_RESET, MAGIC_LINK, EMAIL_CHANGE }

    /** Too many requests; {@link #retryAfterSeconds} is when the next one will be accepted. */
    static final class LimitExceededException extends RuntimeException {

        private final long retryAfterSeconds;

        LimitExceededException(long retryAfterSeconds) {
            super("too many requests");
            this.retryAfterSeconds = retryAfterSeconds;
        }

        long retryAfterSeconds() {
            return retryAfterSeconds;
        }
    }

    private static final int MAX_LOCAL_BUCKETS = 100_000;

    private final AbuseLimitProperties properties;
    private final String keyPrefix;
    private final ObjectProvider<RedisConnectionFactory> redis;
    private final boolean redisEnabled;
    private final Map<String, Bucket> localBuckets = new ConcurrentHashMap<>();
    private volatile ProxyManager<byte[]> redisBuckets;

    AbuseLimits(AbuseLimitProperties properties, AuthProperties auth, ObjectProvider<RedisConnectionFactory> redis,
                @Value("${" + ModeEnvironmentPostProcessor.REDIS_ENABLED + ":false}") boolean redisEnabled) {
        this.properties = properties;
        this.keyPrefix = "bengobox:abuse:" + auth.issuer() + ":";
        this.redis = redis;
        this.redisEnabled = redisEnabled;
    }

    /** Takes one request from the IP's and the address's buckets, or throws when either is empty. */
    void check(Action action, String ip, String address) {
        if (!properties.enabled()) {
            return;
        }
        take(action + "|ip|" + ip, properties.perIp());
        if (address != null && !address.isBlank()) {
            take(action + "|addr|" + address.trim().toLowerCase(Locale.ROOT), properties.perAddress());
        }
    }

    private void take(String name, int capacity) {
        // addresses are personal data: the buckets are named by a hash of them
        String key = LinkTokenService.sha256(name);
        BucketConfiguration configuration = BucketConfiguration.builder()
                .addLimit(limit -> limit.capacity(capacity).refillGreedy(capacity, properties.window())).build();
        Bucket bucket;
        ProxyManager<byte[]> shared = sharedBuckets();
        if (shared != null) {
            bucket = shared.builder().build((keyPrefix + key).getBytes(StandardCharsets.UTF_8), () -> configuration);
        } else {
            if (localBuckets.size() > MAX_LOCAL_BUCKETS) {
                localBuckets.clear();
            }
            bucket = localBuckets.computeIfAbsent(key, k -> Bucket.builder().addLimit(configuration.getBandwidths()[0]).build());
        }
        ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
        if (!probe.isConsumed()) {
            throw new LimitExceededException(Math.max(1, (probe.getNanosToWaitForRefill() + 999_999_999L) / 1_000_000_000L));
        }
    }

    /** The Redis-backed buckets, made on first use (the connection factory starts after this bean). */
    private ProxyManager<byte[]> sharedBuckets() {
        if (!redisEnabled) {
            return null;
        }
        if (redisBuckets == null) {
            synchronized (this) {
                if (redisBuckets == null && redis.getIfAvailable() instanceof LettuceConnectionFactory lettuce
                        && lettuce.getNativeClient() instanceof RedisClient client) {
                    redisBuckets = LettuceBasedProxyManager.builderFor(client)
                            .withExpirationStrategy(ExpirationAfterWriteStrategy
                                    .basedOnTimeForRefillingBucketUpToMax(Duration.ofMinutes(1)))
                            .build();
                }
            }
        }
        return redisBuckets;
    }
}
