package africa.bengobox.auth.events;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The outbox (events, per-tenant sequences) and the deliveries of each event to each subscription. */
@Repository
class OutboxRepository {

    /** A claimed delivery with what it takes to send it. */
    record Claim(long id, int attempts, UUID subscriptionId, UUID eventId, Instant eventTime, String body, String url) {
    }

    record StoredEvent(UUID id, String type, String tenantId, long sequence, Instant occurredAt) {
    }

    private final JdbcClient jdbc;

    OutboxRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * The next number of the tenant's sequence; the row lock it takes orders concurrent transactions of a tenant. A
     * tenant's row is created by its first event, auth.tenant.created, in the transaction that creates the tenant
     * (rows of tenants older than the outbox come from the migration), so two transactions never race to insert it.
     */
    long nextSequence(String tenantKey) {
        int updated = jdbc.sql("update event_sequences set last_value = last_value + 1 where tenant_key = :k")
                .param("k", tenantKey).update();
        if (updated == 0) {
            jdbc.sql("insert into event_sequences (tenant_key, last_value) values (:k, 1)").param("k", tenantKey).update();
            return 1;
        }
        return jdbc.sql("select last_value from event_sequences where tenant_key = :k").param("k", tenantKey).query(Long.class).single();
    }

    void insertEvent(UUID id, String type, String tenantId, long sequence, String body, Instant at) {
        jdbc.sql("insert into outbox_events (id, type, tenant_id, sequence, body, occurred_at) values (:id, :type, :t, :seq, :body, :at)")
                .param("id", id).param("type", type).param("t", tenantId).param("seq", sequence).param("body", body)
                .param("at", Timestamp.from(at)).update();
    }

    Optional<StoredEvent> event(UUID id) {
        return jdbc.sql("select id, type, tenant_id, sequence, occurred_at from outbox_events where id = :id")
                .param("id", id).query(OutboxRepository::mapEvent).optional();
    }

    /** Events in [from, to), in order, at most limit. */
    List<StoredEvent> events(Instant from, Instant to, int limit) {
        return jdbc.sql("select id, type, tenant_id, sequence, occurred_at from outbox_events where occurred_at >= :f and occurred_at < :t order by occurred_at, sequence limit :n")
                .param("f", Timestamp.from(from)).param("t", Timestamp.from(to)).param("n", limit)
                .query(OutboxRepository::mapEvent).list();
    }

    void insertDelivery(UUID subscriptionId, UUID eventId, Instant at, boolean replay) {
        jdbc.sql("""
                insert into webhook_deliveries (subscription_id, event_id, status, attempts, next_attempt_at, replay, created_at)
                values (:s, :e, 'pending', 0, :at, :r, :at)""")
                .param("s", subscriptionId).param("e", eventId).param("at", Timestamp.from(at)).param("r", replay).update();
    }

    /**
     * Claims up to limit due deliveries for this node: rows locked by another node's claim are skipped, and the
     * claimed ones become due again only at leaseUntil, so no other node attempts them meanwhile.
     * Must run in a transaction.
     */
    List<Claim> claimDue(Instant now, Instant leaseUntil, int limit) {
        List<Long> ids = jdbc.sql("""
                select id from webhook_deliveries where status = 'pending' and next_attempt_at <= :now
                order by next_attempt_at limit :n for update skip locked""")
                .param("now", Timestamp.from(now)).param("n", limit).query(Long.class).list();
        if (ids.isEmpty()) {
            return List.of();
        }
        jdbc.sql("update webhook_deliveries set attempts = attempts + 1, next_attempt_at = :lease, last_attempt_at = :now where id in (:ids)")
                .param("lease", Timestamp.from(leaseUntil)).param("now", Timestamp.from(now)).param("ids", ids).update();
        return jdbc.sql("""
                select d.id, d.attempts, d.subscription_id, d.event_id, e.occurred_at, e.body, s.url
                from webhook_deliveries d join outbox_events e on e.id = d.event_id
                join webhook_subscriptions s on s.id = d.subscription_id
                where d.id in (:ids)""")
                .param("ids", ids)
                .query((rs, n) -> new Claim(rs.getLong(1), rs.getInt(2), rs.getObject(3, UUID.class), rs.getObject(4, UUID.class),
                        rs.getTimestamp(5).toInstant(), rs.getString(6), rs.getString(7)))
                .list();
    }

    /** Records the outcome of the attempt, unless the lease ran out and another node has claimed the row since. */
    boolean recordAttempt(long id, int attempts, String status, Instant nextAttemptAt, Integer httpStatus, String error, Instant at) {
        return jdbc.sql("""
                update webhook_deliveries set status = :st, next_attempt_at = :next, last_status = :hs, last_error = :err,
                       delivered_at = case when :st = 'delivered' then cast(:at as timestamp with time zone) else delivered_at end
                where id = :id and attempts = :a and status = 'pending'""")
                .param("st", status).param("next", Timestamp.from(nextAttemptAt)).param("hs", httpStatus)
                .param("err", error).param("at", Timestamp.from(at)).param("id", id).param("a", attempts).update() == 1;
    }

    /** The subscription's delivery log, newest first, before the cursor (a delivery id). */
    List<WebhookDelivery> deliveries(UUID subscriptionId, String status, Long before, int limit) {
        return jdbc.sql("""
                select d.*, e.type, e.sequence from webhook_deliveries d join outbox_events e on e.id = d.event_id
                where d.subscription_id = :s and (cast(:st as varchar(16)) is null or d.status = :st)
                  and (cast(:b as bigint) is null or d.id < :b)
                order by d.id desc limit :n""")
                .param("s", subscriptionId).param("st", status).param("b", before).param("n", limit)
                .query((rs, n) -> new WebhookDelivery(rs.getLong("id"), rs.getObject("subscription_id", UUID.class),
                        rs.getObject("event_id", UUID.class), rs.getString("type"), rs.getLong("sequence"), rs.getString("status"),
                        rs.getInt("attempts"), WebhookRepository.instant(rs, "next_attempt_at"),
                        WebhookRepository.instant(rs, "last_attempt_at"), rs.getObject("last_status", Integer.class),
                        rs.getString("last_error"), rs.getBoolean("replay"), WebhookRepository.instant(rs, "created_at"),
                        WebhookRepository.instant(rs, "delivered_at")))
                .list();
    }

    /**
     * Erasure: deletes every earlier event about the user (account events carry their username and email, the others
     * their id), with its deliveries. Bodies are written by Jackson without spaces, so the id appears exactly so.
     */
    int deleteUserEvents(String userId) {
        return jdbc.sql("delete from outbox_events where body like :pattern")
                .param("pattern", "%\"user_id\":\"" + userId + "\"%").update();
    }

    /** Pending deliveries due now (the backlog), for the metrics. */
    long countDue(Instant now) {
        return jdbc.sql("select count(*) from webhook_deliveries where status = 'pending' and next_attempt_at <= :now")
                .param("now", Timestamp.from(now)).query(Long.class).single();
    }

    long countDead() {
        return jdbc.sql("select count(*) from webhook_deliveries where status = 'dead'").query(Long.class).single();
    }

    /** Deletes events older than the cutoff that no delivery still waits for (their delivery logs go with them). */
    int deleteDeliveredBefore(Instant cutoff) {
        return jdbc.sql("""
                delete from outbox_events where occurred_at < :c
                  and not exists (select 1 from webhook_deliveries d where d.event_id = outbox_events.id and d.status = 'pending')""")
                .param("c", Timestamp.from(cutoff)).update();
    }

    private static StoredEvent mapEvent(ResultSet rs, int row) throws SQLException {
        return new StoredEvent(rs.getObject("id", UUID.class), rs.getString("type"), rs.getString("tenant_id"),
                rs.getLong("sequence"), rs.getTimestamp("occurred_at").toInstant());
    }
}
