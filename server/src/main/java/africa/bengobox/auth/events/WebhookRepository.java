package africa.bengobox.auth.events;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Webhook subscriptions and their encrypted secrets. */
@Repository
class WebhookRepository {

    record Secrets(String current, String previous, Instant previousUntil) {
        @Override
        public String toString() {
            return "Secrets[previousUntil=" + previousUntil + "]";
        }
    }

    private final JdbcClient jdbc;

    WebhookRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void insert(WebhookSubscription s, String secretEnc) {
        jdbc.sql("""
                insert into webhook_subscriptions (id, tenant_id, url, event_types, description, enabled, secret_enc, created_at, updated_at, version)
                values (:id, :t, :url, :types, :d, :e, :s, :c, :c, 0)""")
                .param("id", s.id()).param("t", s.tenantId()).param("url", s.url()).param("types", String.join(" ", s.eventTypes()))
                .param("d", s.description()).param("e", s.enabled()).param("s", secretEnc).param("c", Timestamp.from(s.createdAt()))
                .update();
    }

    Optional<WebhookSubscription> find(UUID id) {
        return jdbc.sql("select * from webhook_subscriptions where id = :id").param("id", id).query(WebhookRepository::map).optional();
    }

    /** Subscriptions after the cursor (by id), platform-wide and every tenant's when tenantId is null. */
    List<WebhookSubscription> list(UUID tenantId, UUID after, int limit) {
        return jdbc.sql("""
                select * from webhook_subscriptions
                where (cast(:t as uuid) is null or tenant_id = :t) and (cast(:after as uuid) is null or id > :after)
                order by id limit :n""")
                .param("t", tenantId).param("after", after).param("n", limit).query(WebhookRepository::map).list();
    }

    /** Enabled subscriptions that receive the events of this tenant (its own and the platform-wide ones). */
    List<WebhookSubscription> enabledFor(UUID tenantId) {
        return jdbc.sql("select * from webhook_subscriptions where enabled = true and (tenant_id is null or tenant_id = :t)")
                .param("t", tenantId).query(WebhookRepository::map).list();
    }

    boolean update(UUID id, int expectedVersion, String url, String types, String description, boolean enabled, Instant at) {
        return jdbc.sql("""
                update webhook_subscriptions set url = :url, event_types = :types, description = :d, enabled = :e,
                       updated_at = :at, version = version + 1
                where id = :id and version = :v""")
                .param("url", url).param("types", types).param("d", description).param("e", enabled)
                .param("at", Timestamp.from(at)).param("id", id).param("v", expectedVersion).update() == 1;
    }

    boolean rotate(UUID id, int expectedVersion, String newSecretEnc, Instant previousUntil, Instant at) {
        return jdbc.sql("""
                update webhook_subscriptions set previous_secret_enc = secret_enc, previous_secret_until = :until,
                       secret_enc = :s, updated_at = :at, version = version + 1
                where id = :id and version = :v""")
                .param("until", Timestamp.from(previousUntil)).param("s", newSecretEnc).param("at", Timestamp.from(at))
                .param("id", id).param("v", expectedVersion).update() == 1;
    }

    boolean delete(UUID id, int expectedVersion) {
        return jdbc.sql("delete from webhook_subscriptions where id = :id and version = :v")
                .param("id", id).param("v", expectedVersion).update() == 1;
    }

    Optional<Secrets> secrets(UUID id) {
        return jdbc.sql("select secret_enc, previous_secret_enc, previous_secret_until from webhook_subscriptions where id = :id")
                .param("id", id)
                .query((rs, n) -> new Secrets(rs.getString(1), rs.getString(2), instant(rs, 3)))
                .optional();
    }

    static WebhookSubscription map(ResultSet rs, int row) throws SQLException {
        return new WebhookSubscription(rs.getObject("id", UUID.class), rs.getObject("tenant_id", UUID.class),
                rs.getString("url"), new LinkedHashSet<>(Arrays.asList(rs.getString("event_types").split(" "))),
                rs.getString("description"), rs.getBoolean("enabled"), instant(rs, "previous_secret_until"),
                instant(rs, "created_at"), instant(rs, "updated_at"), rs.getInt("version"));
    }

    static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }

    static Instant instant(ResultSet rs, int column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }
}
