package africa.bengobox.auth.keys;

import static org.assertj.core.api.Assertions.assertThat;

import africa.bengobox.auth.support.Db;
import com.nimbusds.jose.jwk.JWK;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;

@SpringBootTest
class SigningKeyServiceTest {

    @Autowired SigningKeyService keys;
    @Autowired JdbcClient jdbc;

    @Test
    void everyAlgorithmHasAnActiveKeyStoredEncrypted() {
        for (SigningAlgorithm algorithm : SigningAlgorithm.values()) {
            JWK active = keys.activeKey(algorithm);
            assertThat(active.isPrivate()).isTrue();
            assertThat(keys.publicKeys().getKeyByKeyId(active.getKeyID())).isNotNull()
                    .satisfies(published -> assertThat(published.isPrivate()).isFalse());
            String stored = jdbc.sql("select private_key_enc from signing_keys where kid = :kid").param("kid", active.getKeyID())
                    .query(String.class).single();
            assertThat(stored).doesNotContain("\"d\"");
        }
    }

    @Test
    void aNewKeyIsPublishedBeforeItSignsAndTheOldOneVerifiesAfterwards() {
        String before = keys.activeKey(SigningAlgorithm.ES256).getKeyID();
        long stored = Db.count(jdbc, "signing_keys");
        String after = keys.rotate(SigningAlgorithm.ES256);
        assertThat(after).isNotEqualTo(before);
        assertThat(Db.count(jdbc, "signing_keys")).isEqualTo(stored + 1);
        assertThat(keys.publicKeys().getKeyByKeyId(after)).as("published at once").isNotNull();
        assertThat(keys.activeKey(SigningAlgorithm.ES256).getKeyID()).as("but does not sign yet").isEqualTo(before);

        keys.reloadAt(java.time.Instant.now().plus(SigningKeyService.PUBLISH_LEAD).plusSeconds(1));
        assertThat(keys.activeKey(SigningAlgorithm.ES256).getKeyID()).isEqualTo(after);
        assertThat(keys.publicKeys().getKeyByKeyId(before)).as("still verifies live tokens").isNotNull();
        String status = jdbc.sql("select status from signing_keys where kid = :kid").param("kid", before).query(String.class).single();
        assertThat(status).isEqualTo("retired");
        assertThat(jdbc.sql("select verify_until from signing_keys where kid = :kid").param("kid", before)
                .query(java.sql.Timestamp.class).single()).isNotNull();
    }
}
