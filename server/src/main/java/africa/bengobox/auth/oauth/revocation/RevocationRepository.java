package africa.bengobox.auth.oauth.revocation;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class RevocationRepository {

    record Revoked(String jti, Instant expiresAt, Instant revokedAt) {
    }

    private final JdbcClient jdbc;

    RevocationRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** One statement, so that two requests revoking the same token at once both succeed. */
    void insertIfAbsent(String jti, Instant expiresAt, Instant revokedAt, String clientId, String reason) {
        jdbc.sql("""
                insert into token_revocations (jti, expires_at, revoked_at, client_id, reason) values (:j, :e, :r, :c, :why)
                on conflict do nothing""")
                .param("j", jti).param("e", Timestamp.from(expiresAt)).param("r", Timestamp.from(revokedAt))
                .param("c", clientId).param("why", reason).update();
    }

    List<Revoked> liveSince(Instant revokedAfter, Instant now) {
        return jdbc.sql("select jti, expires_at, revoked_at from token_revocations where revoked_at >= :after and expires_at > :now")
                .param("after", Timestamp.from(revokedAfter)).param("now", Timestamp.from(now))
                .query((rs, n) -> new Revoked(rs.getString(1), rs.getTimestamp(2).toInstant(), rs.getTimestamp(3).toInstant()))
                .list();
    }

    int deleteExpired(Instant now) {
        return jdbc.sql("delete from token_revocations where expires_at < :now").param("now", Timestamp.from(now)).update();
    }
}
