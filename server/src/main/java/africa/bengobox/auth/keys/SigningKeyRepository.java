package africa.bengobox.auth.keys;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class SigningKeyRepository {

    private final JdbcClient jdbc;

    SigningKeyRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    List<SigningKey> findAll() {
        return jdbc.sql("select * from signing_keys order by created_at, kid")
                .query((rs, n) -> new SigningKey(rs.getString("kid"), rs.getString("algorithm"),
                        SigningKey.Status.valueOf(rs.getString("status").toUpperCase()), rs.getString("public_jwk"),
                        rs.getString("private_key_enc"), instant(rs.getTimestamp("created_at")),
                        instant(rs.getTimestamp("retired_at")), instant(rs.getTimestamp("verify_until"))))
                .list();
    }

    void insert(SigningKey key) {
        jdbc.sql("""
                insert into signing_keys (kid, algorithm, status, public_jwk, private_key_enc, created_at)
                values (:kid, :alg, :status, :pub, :priv, :created)""")
                .param("kid", key.kid()).param("alg", key.algorithm())
                .param("status", key.status().name().toLowerCase()).param("pub", key.publicJwk())
                .param("priv", key.privateKeyEnc()).param("created", Timestamp.from(key.createdAt()))
                .update();
    }

    void retire(String kid, Instant retiredAt, Instant verifyUntil) {
        jdbc.sql("update signing_keys set status = 'retired', retired_at = :retired, verify_until = :until where kid = :kid")
                .param("retired", Timestamp.from(retiredAt)).param("until", Timestamp.from(verifyUntil)).param("kid", kid)
                .update();
    }

    private static Instant instant(Timestamp ts) {
        return ts == null ? null : ts.toInstant();
    }
}
