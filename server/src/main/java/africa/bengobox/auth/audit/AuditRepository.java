package africa.bengobox.auth.audit;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class AuditRepository {

    private final JdbcClient jdbc;

    AuditRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Optional<String> lastHash() {
        return jdbc.sql("select entry_hash from audit_logs order by id desc limit 1").query(String.class).optional();
    }

    void insert(Instant at, AuditEvent e, String details, String salt, String personalDigest, String prevHash, String entryHash) {
        jdbc.sql("""
                insert into audit_logs (occurred_at, actor_type, actor_id, tenant_id, action, target_type, target_id,
                                        ip_address, details, prev_hash, entry_hash, chain_version, personal_salt, personal_digest)
                values (:at, :atype, :aid, :tenant, :action, :ttype, :tid, :ip, :details, :prev, :hash, 2, :salt, :digest)""")
                .param("at", Timestamp.from(at)).param("atype", e.actorType()).param("aid", e.actorId())
                .param("tenant", e.tenantId()).param("action", e.action()).param("ttype", e.targetType())
                .param("tid", e.targetId()).param("ip", e.ipAddress()).param("details", details)
                .param("prev", prevHash).param("hash", entryHash).param("salt", salt).param("digest", personalDigest)
                .update();
    }

    /** Entries in chain order, a page at a time. */
    List<StoredEntry> page(long afterId, int size) {
        return jdbc.sql("select * from audit_logs where id > :after order by id limit :size")
                .param("after", afterId).param("size", size)
                .query((rs, n) -> new StoredEntry(rs.getLong("id"), rs.getTimestamp("occurred_at").toInstant(),
                        rs.getInt("chain_version"),
                        new AuditEvent(rs.getString("actor_type"), rs.getString("actor_id"),
                                rs.getObject("tenant_id", UUID.class), rs.getString("action"), rs.getString("target_type"),
                                rs.getString("target_id"), rs.getString("ip_address"), null),
                        rs.getString("details"), rs.getString("personal_salt"), rs.getString("personal_digest"),
                        rs.getString("prev_hash"), rs.getString("entry_hash"), rs.getTimestamp("erased_at") != null))
                .list();
    }

    List<StoredEntry> about(String userId) {
        return jdbc.sql("""
                select * from audit_logs where (actor_type = 'user' and actor_id = :u) or (target_type = 'user' and target_id = :u)
                order by id""")
                .param("u", userId)
                .query((rs, n) -> new StoredEntry(rs.getLong("id"), rs.getTimestamp("occurred_at").toInstant(),
                        rs.getInt("chain_version"),
                        new AuditEvent(rs.getString("actor_type"), rs.getString("actor_id"),
                                rs.getObject("tenant_id", UUID.class), rs.getString("action"), rs.getString("target_type"),
                                rs.getString("target_id"), rs.getString("ip_address"), null),
                        rs.getString("details"), null, null, null, null, false))
                .list();
    }

    /** Replaces the user's id by the pseudonym and drops the IP address and salt of every entry naming the user. */
    int pseudonymise(String userId, String pseudonym, Instant at) {
        int rows = jdbc.sql("""
                update audit_logs set ip_address = null, personal_salt = null, erased_at = :at
                where (actor_type = 'user' and actor_id = :u) or (target_type = 'user' and target_id = :u)""")
                .param("u", userId).param("at", Timestamp.from(at)).update();
        jdbc.sql("update audit_logs set actor_id = :p where actor_type = 'user' and actor_id = :u")
                .param("p", pseudonym).param("u", userId).update();
        jdbc.sql("update audit_logs set target_id = :p where target_type = 'user' and target_id = :u")
                .param("p", pseudonym).param("u", userId).update();
        return rows;
    }

    record StoredEntry(long id, Instant at, int chainVersion, AuditEvent event, String details, String salt,
                       String personalDigest, String prevHash, String entryHash, boolean erased) {
    }
}
