package africa.bengobox.auth.oauth.store;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class ConsentRepository {

    record Consent(String registeredClientId, String principalName, String authorities, Instant grantedAt) {
    }

    private final JdbcClient jdbc;

    ConsentRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Optional<Consent> find(String clientId, String principal) {
        return jdbc.sql("select * from oauth_consents where registered_client_id = :c and principal_name = :p")
                .param("c", clientId).param("p", principal)
                .query((rs, n) -> new Consent(rs.getString("registered_client_id"), rs.getString("principal_name"),
                        rs.getString("authorities"), rs.getTimestamp("granted_at").toInstant()))
                .optional();
    }

    List<Consent> findByPrincipal(String principal) {
        return jdbc.sql("select * from oauth_consents where principal_name = :p order by granted_at desc").param("p", principal)
                .query((rs, n) -> new Consent(rs.getString("registered_client_id"), rs.getString("principal_name"),
                        rs.getString("authorities"), rs.getTimestamp("granted_at").toInstant()))
                .list();
    }

    void upsert(Consent c) {
        int updated = jdbc.sql("update oauth_consents set authorities = :a, granted_at = :g where registered_client_id = :c and principal_name = :p")
                .param("a", c.authorities()).param("g", Timestamp.from(c.grantedAt()))
                .param("c", c.registeredClientId()).param("p", c.principalName()).update();
        if (updated == 0) {
            jdbc.sql("insert into oauth_consents (registered_client_id, principal_name, authorities, granted_at) values (:c, :p, :a, :g)")
                    .param("a", c.authorities()).param("g", Timestamp.from(c.grantedAt()))
                    .param("c", c.registeredClientId()).param("p", c.principalName()).update();
        }
    }

    void deleteAllOf(String principal) {
        jdbc.sql("delete from oauth_consents where principal_name = :p").param("p", principal).update();
    }

    void delete(String clientId, String principal) {
        jdbc.sql("delete from oauth_consents where registered_client_id = :c and principal_name = :p")
                .param("c", clientId).param("p", principal).update();
    }
}
