package africa.bengobox.auth.audit;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
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

    void insert(Instant at, AuditEvent e, String details, String prevHash, String entryHash) {
        jdbc.sql("""
                insert into audit_logs (occurred_at, actor_type, actor_id, tenant_id, action, target_type, target_id,
                                        ip_address, details, prev_hash, entry_hash)
                values (:at, :atype, :aid, :tenant, :action, :ttype, :tid, :ip, :details, :prev, :hash)""")
                .param("at", Timestamp.from(at)).param("atype", e.actorType()).param("aid", e.actorId())
                .param("tenant", e.tenantId()).param("action", e.action()).param("ttype", e.targetType())
                .param("tid", e.targetId()).param("ip", e.ipAddress()).param("details", details)
                .param("prev", prevHash).param("hash", entryHash).update();
    }
}
