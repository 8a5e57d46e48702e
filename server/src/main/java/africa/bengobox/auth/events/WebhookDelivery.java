package africa.bengobox.auth.events;

import java.time.Instant;
import java.util.UUID;

/**
 * One event sent (or to be sent) to one subscription: an entry of the subscription's delivery log.
 *
 * @param status {@code pending}, {@code delivered} or {@code dead} (retries exhausted)
 */
public record WebhookDelivery(long id, UUID subscriptionId, UUID eventId, String eventType, long sequence, String status,
                              int attempts, Instant nextAttemptAt, Instant lastAttemptAt, Integer lastStatus,
                              String lastError, boolean replay, Instant createdAt, Instant deliveredAt) {

    public static final String PENDING = "pending";
    public static final String DELIVERED = "delivered";
    public static final String DEAD = "dead";
}
