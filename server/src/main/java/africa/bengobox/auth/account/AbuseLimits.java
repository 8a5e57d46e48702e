package africa.bengobox.auth.account;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * Per-address and per-IP limits on the requests that send email (registration, password reset, magic link): token
 * buckets (Bucket4j) refilled greedily over the window. The buckets live in this process, so with several nodes the
 * effective limit is the configured one per node.
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

    private static final int MAX_BUCKETS = 100_000;

    private final AbuseLimitProperties properties;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    AbuseLimits(AbuseLimitProperties properties) {
        this.properties = properties;
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

    private void take(String key, int capacity) {
        if (buckets.size() > MAX_BUCKETS) {
            buckets.clear();
        }
        Bucket bucket = buckets.computeIfAbsent(key, k -> Bucket.builder()
                .addLimit(Bandwidth.builder().capacity(capacity).refillGreedy(capacity, properties.window()).build())
                .build());
        ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
        if (!probe.isConsumed()) {
            throw new LimitExceededException(Math.max(1, (probe.getNanosToWaitForRefill() + 999_999_999L) / 1_000_000_000L));
        }
    }
}
