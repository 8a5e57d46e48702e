package africa.bengobox.auth.admin;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Stored answers to creates made with an Idempotency-Key. */
@Repository
class IdempotencyRepository {

    record Stored(String requestHash, int status, String location, String etag, String body) {
    }

    private final JdbcClient jdbc;

    IdempotencyRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Optional<Stored> find(String caller, String key) {
        return jdbc.sql("select request_hash, status, location, etag, response_body from idempotency_keys where caller = :c and idem_key = :k")
                .param("c", caller).param("k", key)
                .query((rs, n) -> new Stored(rs.getString(1), rs.getInt(2), rs.getString(3), rs.getString(4), rs.getString(5)))
                .optional();
    }

    void insert(String caller, String key, Stored s, Instant at) {
        jdbc.sql("""
                insert into idempotency_keys (caller, idem_key, request_hash, status, location, etag, response_body, created_at)
                values (:c, :k, :h, :s, :l, :e, :b, :at)""")
                .param("c", caller).param("k", key).param("h", s.requestHash()).param("s", s.status()).param("l", s.location())
                .param("e", s.etag()).param("b", s.body()).param("at", Timestamp.from(at)).update();
    }

    int deleteBefore(Instant cutoff) {
        return jdbc.sql("delete from idempotency_keys where created_at < :c").param("c", Timestamp.from(cutoff)).update();
    }
}
