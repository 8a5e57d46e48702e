package africa.bengobox.auth.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/** Old events are forgotten once nothing waits for them; one a delivery still retries is kept. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT, properties = {
        "bengobox.auth.import=src/test/resources/admin-import.yaml",
        "bengobox.auth.events.poll-interval=100ms",
        "bengobox.auth.events.retry-initial-delay=200ms",
        "bengobox.auth.events.retry-max-delay=1s",
        "bengobox.auth.events.request-timeout=1s"})
class OutboxRetentionTest {

    @Autowired JdbcClient jdbc;
    @Autowired ApplicationEventPublisher publisher;
    @Autowired TransactionTemplate transactions;
    @Autowired WebhookService webhooks;
    @Autowired WebhookDeliverer deliverer;

    @Test
    void eventsPastTheRetentionAreDeletedUnlessADeliveryIsPending() {
        String done = UUID.randomUUID().toString();
        String waiting = UUID.randomUUID().toString();
        String recent = UUID.randomUUID().toString();
        for (String tenant : new String[] {done, waiting, recent}) {
            transactions.executeWithoutResult(s -> publisher.publishEvent(new AuthEvent(EventTypes.TENANT_UPDATED, tenant, Map.of())));
        }
        // a subscription for the "waiting" tenant's events that nobody answers: its delivery stays pending
        jdbc.sql("insert into tenants (id, slug, name, created_at, updated_at) values (:id, :slug, 'W', :at, :at)")
                .param("id", UUID.fromString(waiting)).param("slug", "wait-" + waiting.substring(0, 8))
                .param("at", Timestamp.from(Instant.now())).update();
        WebhookSecret sub = webhooks.create(new NewWebhook(UUID.fromString(waiting), "http://127.0.0.1:9/never",
                Set.of(EventTypes.TENANT_UPDATED), null, false));
        UUID waitingEvent = jdbc.sql("select id from outbox_events where tenant_id = :t").param("t", waiting).query(UUID.class).single();
        jdbc.sql("insert into webhook_deliveries (subscription_id, event_id, status, attempts, next_attempt_at, created_at) values (:s, :e, 'pending', 3, :n, :n)")
                .param("s", sub.subscription().id()).param("e", waitingEvent).param("n", Timestamp.from(Instant.now().plus(Duration.ofDays(1)))).update();
        jdbc.sql("update outbox_events set occurred_at = :old where tenant_id in (:t)")
                .param("old", Timestamp.from(Instant.now().minus(Duration.ofDays(31)))).param("t", java.util.List.of(done, waiting)).update();

        deliverer.prune();

        assertThat(count(done)).isZero();
        assertThat(count(waiting)).isOne();
        assertThat(count(recent)).isOne();
    }

    long count(String tenant) {
        return jdbc.sql("select count(*) from outbox_events where tenant_id = :t").param("t", tenant).query(Long.class).single();
    }
}
