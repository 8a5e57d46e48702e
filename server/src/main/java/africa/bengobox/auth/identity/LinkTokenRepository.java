package africa.bengobox.auth.identity;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class LinkTokenRepository {

    record Row(String tokenHash, LinkToken.Purpose purpose, UUID userId, String email, String bindingHash,
               Instant expiresAt, Instant usedAt) {
    }

    private final JdbcClient jdbc;

    LinkTokenRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void insert(String hash, LinkToken.Purpose purpose, UUID userId, String email, String bindingHash, Instant at, Instant expires) {
        jdbc.sql("""
                insert into user_tokens (token_hash, purpose, user_id, email, binding_hash, created_at, expires_at)
                values (:h, :p, :u, :e, :b, :at, :exp)""")
                .param("h", hash).param("p", purpose.name().toLowerCase(Locale.ROOT)).param("u", userId).param("e", email)
                .param("b", bindingHash).param("at", Timestamp.from(at)).param("exp", Timestamp.from(expires)).update();
    }

    Optional<Row> find(String hash) {
        return jdbc.sql("select * from user_tokens where token_hash = :h").param("h", hash)
                .query((rs, n) -> new Row(rs.getString("token_hash"),
                        LinkToken.Purpose.valueOf(rs.getString("purpose").toUpperCase(Locale.ROOT)),
                        rs.getObject("user_id", UUID.class), rs.getString("email"), rs.getString("binding_hash"),
                        rs.getTimestamp("expires_at").toInstant(),
                        rs.getTimestamp("used_at") == null ? null : rs.getTimestamp("used_at").toInstant()))
                .optional();
    }

    /** Marks the token used unless it already was; false when another request used it first. */
    boolean markUsed(String hash, Instant at) {
        return jdbc.sql("update user_tokens set used_at = :at where token_hash = :h and used_at is null")
                .param("at", Timestamp.from(at)).param("h", hash).update() == 1;
    }

    /** Makes the user's other unused links of that purpose unusable, so that only the newest one works. */
    void retireOthers(UUID userId, LinkToken.Purpose purpose, Instant at) {
        jdbc.sql("update user_tokens set used_at = :at where user_id = :u and purpose = :p and used_at is null")
                .param("at", Timestamp.from(at)).param("u", userId).param("p", purpose.name().toLowerCase(Locale.ROOT)).update();
    }

    int deleteExpired(Instant before) {
        return jdbc.sql("delete from user_tokens where expires_at < :t").param("t", Timestamp.from(before)).update();
    }
}
