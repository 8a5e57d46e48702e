package africa.bengobox.auth.oauth.revocation;

import static org.assertj.core.api.Assertions.assertThat;

import africa.bengobox.auth.support.SettableClock;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.function.BiConsumer;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * How a node learns the revocations other nodes write to the shared database, by their numbers: what a poll finds,
 * what it looks for again, and for how long. On the embedded database, migrated as the server migrates it.
 */
class AccessTokenDenyListTest {

    private static final RevocationBroadcast NO_BROADCAST = new RevocationBroadcast() {
        @Override
        public void publish(String jti, Instant expiresAt) {
        }

        @Override
        public void onRevocation(BiConsumer<String, Instant> listener) {
        }
    };

    private final SettableClock clock = new SettableClock(Instant.parse("2026-12-07T12:00:00Z"));
    private DataSource dataSource;
    private RevocationRepository repository;

    @BeforeEach
    void migrate() {
        dataSource = new DriverManagerDataSource("jdbc:h2:mem:" + UUID.randomUUID()
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1", "sa", "");
        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
        repository = new RevocationRepository(JdbcClient.create(dataSource));
    }

    @Test
    void aNodeStartingLateKnowsTheRevocationsStillLiveAndNotTheExpiredOnes() {
        revokeElsewhere("live", in(Duration.ofMinutes(5)));
        revokeElsewhere("expired", in(Duration.ofSeconds(-1)));

        AccessTokenDenyList denyList = newNode();

        assertThat(denyList.isRevoked("live")).isTrue();
        assertThat(denyList.isRevoked("expired")).isFalse();
    }

    @Test
    void aRevocationCommittedAfterALaterOneIsFoundByTheNextPoll() throws SQLException {
        AccessTokenDenyList denyList = newNode();
        try (Connection slow = uncommittedRevocation("early")) {
            revokeElsewhere("late", in(Duration.ofMinutes(5)));

            denyList.pollDatabase();
            assertThat(denyList.isRevoked("late")).isTrue();
            assertThat(denyList.isRevoked("early")).as("not committed yet").isFalse();

            slow.commit();
        }
        denyList.pollDatabase();
        assertThat(denyList.isRevoked("early")).isTrue();
    }

    @Test
    void aNumberLeftOutAtStartIsLookedForToo() throws SQLException {
        revokeElsewhere("before", in(Duration.ofMinutes(5)));
        try (Connection slow = uncommittedRevocation("running")) {
            revokeElsewhere("committed", in(Duration.ofMinutes(5)));

            AccessTokenDenyList denyList = newNode();
            assertThat(denyList.isRevoked("committed")).isTrue();

            slow.commit();
            denyList.pollDatabase();
            assertThat(denyList.isRevoked("running")).isTrue();
        }
    }

    @Test
    void aNumberIsLookedForForAMinuteOnly() throws SQLException {
        AccessTokenDenyList denyList = newNode();
        try (Connection slow = uncommittedRevocation("too-late")) {
            revokeElsewhere("late", in(Duration.ofMinutes(5)));
            denyList.pollDatabase();

            clock.advance(Duration.ofSeconds(61));
            denyList.pollDatabase();
            slow.commit();
        }
        denyList.pollDatabase();
        assertThat(denyList.isRevoked("too-late"))
                .as("a number held longer than a minute is taken as rolled back: polls stop reading from it")
                .isFalse();
    }

    @Test
    void revokingATokenAgainTakesNoNumber() {
        AccessTokenDenyList denyList = newNode();
        Instant expiry = in(Duration.ofMinutes(5));

        denyList.revoke("twice", expiry, "client", "test");
        denyList.revoke("twice", expiry, "client", "test");
        denyList.revoke("next", expiry, "client", "test");

        JdbcClient jdbc = JdbcClient.create(dataSource);
        long first = jdbc.sql("select seq from token_revocations where jti = 'twice'").query(Long.class).single();
        long next = jdbc.sql("select seq from token_revocations where jti = 'next'").query(Long.class).single();
        assertThat(next).isEqualTo(first + 1);
    }

    private AccessTokenDenyList newNode() {
        return new AccessTokenDenyList(repository, NO_BROADCAST, clock);
    }

    private Instant in(Duration duration) {
        return clock.instant().plus(duration);
    }

    /** Another node's revocation, committed at once. */
    private void revokeElsewhere(String jti, Instant expiresAt) {
        repository.insertIfAbsent(jti, expiresAt, clock.instant(), "client", "test");
    }

    /** Another node's revocation in a transaction still running: the caller commits it, or closes the connection. */
    private Connection uncommittedRevocation(String jti) throws SQLException {
        Connection connection = dataSource.getConnection();
        connection.setAutoCommit(false);
        try (PreparedStatement insert = connection.prepareStatement(
                "insert into token_revocations (jti, expires_at, revoked_at) values (?, ?, ?)")) {
            insert.setString(1, jti);
            insert.setTimestamp(2, Timestamp.from(in(Duration.ofMinutes(5))));
            insert.setTimestamp(3, Timestamp.from(clock.instant()));
            insert.executeUpdate();
        }
        return connection;
    }
}
