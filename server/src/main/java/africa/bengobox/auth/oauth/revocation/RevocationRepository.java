package africa.bengobox.auth.oauth.revocation;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class RevocationRepository {

    /** A revocation and its number, which orders revocations by when their row was inserted. */
    record Revoked(long seq, String jti, Instant expiresAt) {
    }

    private final JdbcClient jdbc;

    RevocationRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * One statement, so that two requests revoking the same token at once both succeed. A token already revoked takes
     * no number (the row's default is not evaluated when the select yields nothing), so a repeated revocation leaves
     * no gap in the numbers for the other nodes to look for again; only a true race, caught by the conflict, does.
     */
    void insertIfAbsent(String jti, Instant expiresAt, Instant revokedAt, String clientId, String reason) {
        jdbc.sql("""
                insert into token_revocations (jti, expires_at, revoked_at, client_id, reason)
                select :j, cast(:e as timestamp with time zone), cast(:r as timestamp with time zone), :c, :why
                where not exists (select 1 from token_revocations where jti = :j)
                on conflict do nothing""")
                .param("j", jti).param("e", Timestamp.from(expiresAt)).param("r", Timestamp.from(revokedAt))
                .param("c", clientId).param("why", reason).update();
    }

    /** Every revocation numbered {@code first} or later (expired ones too: they fill gaps), by number. */
    List<Revoked> numberedFrom(long first) {
        return jdbc.sql("select seq, jti, expires_at from token_revocations where seq >= :first order by seq")
                .param("first", first)
                .query((rs, n) -> new Revoked(rs.getLong(1), rs.getString(2), rs.getTimestamp(3).toInstant()))
                .list();
    }

    int deleteExpired(Instant now) {
        return jdbc.sql("delete from token_revocations where expires_at < :now").param("now", Timestamp.from(now)).update();
    }
}
