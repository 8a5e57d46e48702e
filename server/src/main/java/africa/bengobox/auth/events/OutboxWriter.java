package africa.bengobox.auth.events;

import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import tools.jackson.databind.json.JsonMapper;

/**
 * The transactional outbox: every {@link AuthEvent} is written, with one pending delivery per matching subscription,
 * in the transaction that published it, so it exists exactly when the change it describes committed. When an account
 * is deleted, every earlier event about it is deleted with it: only auth.user.deleted keeps the id, to be delivered.
 */
@Component
class OutboxWriter {

    static final String PLATFORM_KEY = "-";
    static final JsonMapper JSON = JsonMapper.builder().build();

    private final OutboxRepository outbox;
    private final WebhookRepository webhooks;
    private final Clock clock;

    OutboxWriter(OutboxRepository outbox, WebhookRepository webhooks, Clock clock) {
        this.outbox = outbox;
        this.webhooks = webhooks;
        this.clock = clock;
    }

    @EventListener
    void write(AuthEvent event) {
        if (!TransactionSynchronizationManager.isActualTransactionActive()
                || TransactionSynchronizationManager.isCurrentTransactionReadOnly()) {
            throw new IllegalStateException("AuthEvent " + event.type()
                    + " was published outside a read-write transaction; publish it inside the transaction of the change");
        }
        if (EventTypes.USER_DELETED.equals(event.type()) && event.data().get("user_id") instanceof String userId) {
            outbox.deleteUserEvents(UUID.fromString(userId).toString());
        }
        UUID tenant = event.tenantId() == null ? null : UUID.fromString(event.tenantId());
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        UUID id = UUID.randomUUID();
        long sequence = outbox.nextSequence(tenant == null ? PLATFORM_KEY : tenant.toString());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", id.toString());
        body.put("type", event.type());
        body.put("timestamp", DateTimeFormatter.ISO_INSTANT.format(now));
        body.put("tenant_id", event.tenantId());
        body.put("sequence", sequence);
        body.put("data", event.data());
        outbox.insertEvent(id, event.type(), event.tenantId(), sequence, JSON.writeValueAsString(body), now);
        for (WebhookSubscription subscription : webhooks.enabledFor(tenant)) {
            if (subscription.wants(event.type())) {
                outbox.insertDelivery(subscription.id(), id, now, false);
            }
        }
    }
}
