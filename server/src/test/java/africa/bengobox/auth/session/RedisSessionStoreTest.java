package africa.bengobox.auth.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.RedisTemplate;
import org.springframework.data.redis.serializer.RedisSerializer;
import org.springframework.session.Session;
import org.springframework.session.SessionRepository;
import org.springframework.session.data.redis.RedisSessionRepository;

/** The session store against the test Redis: what it writes, when it writes nothing, and Spring Session's layout. */
@EnabledIfEnvironmentVariable(named = "BENGOBOX_TEST_REDIS_URL", matches = ".+")
class RedisSessionStoreTest {

    private static final Duration TIMEOUT = Duration.ofMinutes(30);
    private static LettuceConnectionFactory connections;
    private static RedisTemplate<byte[], byte[]> bytes;
    private static RedisTemplate<String, Object> spring;

    private final String namespace = "bengobox-test:" + UUID.randomUUID();
    private final RedisSessionStore store = new RedisSessionStore(bytes, namespace, TIMEOUT, Clock.systemUTC());

    @BeforeAll
    static void connect() {
        URI url = URI.create(System.getenv("BENGOBOX_TEST_REDIS_URL"));
        connections = new LettuceConnectionFactory(new RedisStandaloneConfiguration(url.getHost(), url.getPort()));
        connections.afterPropertiesSet();
        connections.start();
        bytes = RedisSessionConfiguration.binary(connections);
        spring = new RedisTemplate<>();
        spring.setConnectionFactory(connections);
        spring.setKeySerializer(RedisSerializer.string());
        spring.setHashKeySerializer(RedisSerializer.string());
        spring.afterPropertiesSet();
    }

    @AfterAll
    static void disconnect() {
        connections.destroy();
    }

    @AfterEach
    void removeKeys() {
        spring.delete(spring.keys(namespace + ":*"));
    }

    @Test
    void aNewSessionIsWrittenWithItsExpiryAndReadBack() {
        StoredSession session = savedWith("greeting", "habari");

        StoredSession read = store.findById(session.getId());
        assertThat(read.<String>getAttribute("greeting")).isEqualTo("habari");
        assertThat(read.getCreationTime()).isEqualTo(session.getCreationTime().truncatedTo(ChronoUnit.MILLIS));
        assertThat(read.getMaxInactiveInterval()).isEqualTo(TIMEOUT);
        assertThat(spring.getExpire(key(session.getId()))).isBetween(TIMEOUT.toSeconds() - 5, TIMEOUT.toSeconds());
        assertThat(store.findById("no-such-session")).isNull();
    }

    @Test
    void aRequestThatChangesNothingWritesNothingUntilTheExpiryIsAMinuteOld() {
        StoredSession session = store.createSession();
        store.save(session);
        Instant written = store.findById(session.getId()).getLastAccessedTime();

        StoredSession again = store.findById(session.getId());
        again.setLastAccessedTime(written.plusSeconds(59));
        store.save(again);
        assertThat(store.findById(session.getId()).getLastAccessedTime()).isEqualTo(written);

        again.setLastAccessedTime(written.plusSeconds(61));
        store.save(again);
        assertThat(store.findById(session.getId()).getLastAccessedTime()).isEqualTo(written.plusSeconds(61));

        StoredSession changed = store.findById(session.getId());
        changed.setAttribute("tenant", "kibanda");
        store.save(changed);
        assertThat(store.findById(session.getId()).<String>getAttribute("tenant")).isEqualTo("kibanda");
    }

    @Test
    void aNewIdMovesTheSessionAndTheOldIdIsUnknown() {
        StoredSession session = savedWith("before", "sign-in");
        String oldId = session.getId();

        StoredSession signingIn = store.findById(oldId);
        String newId = signingIn.changeSessionId();
        signingIn.setAttribute("after", "sign-in");
        store.save(signingIn);

        assertThat(store.findById(oldId)).isNull();
        assertThat(spring.hasKey(key(oldId))).isFalse();
        StoredSession moved = store.findById(newId);
        assertThat(moved.getAttributeNames()).containsExactlyInAnyOrder("before", "after");
        assertThat(spring.getExpire(key(newId))).isPositive();
    }

    @Test
    void aRemovedAttributeIsRemoved() {
        StoredSession session = savedWith("saved-request", "/authorize?client_id=pos");

        StoredSession read = store.findById(session.getId());
        read.removeAttribute("saved-request");
        store.save(read);
        assertThat(store.findById(session.getId()).getAttributeNames()).isEmpty();
    }

    @Test
    void aSessionDeletedMeanwhileIsNotBroughtBack() {
        StoredSession session = store.createSession();
        store.save(session);
        StoredSession stillOpen = store.findById(session.getId());

        store.deleteById(session.getId());
        stillOpen.setAttribute("late", "write");
        store.save(stillOpen);
        assertThat(spring.hasKey(key(session.getId()))).isFalse();

        StoredSession renaming = store.createSession();
        store.save(renaming);
        StoredSession loaded = store.findById(renaming.getId());
        store.deleteById(renaming.getId());
        loaded.changeSessionId();
        store.save(loaded);
        assertThat(spring.hasKey(key(loaded.getId()))).isFalse();
    }

    @Test
    void sessionsWrittenBySpringSessionAreReadAndTheOtherWayRound() {
        SessionRepository<? extends Session> springSessions = springSessions();
        String written = writtenBySpring(springSessions, "from", "spring");
        assertThat(store.findById(written).<String>getAttribute("from")).isEqualTo("spring");

        StoredSession ours = savedWith("from", "bengobox");
        assertThat(springSessions.findById(ours.getId()).<String>getAttribute("from")).isEqualTo("bengobox");
    }

    @Test
    void anExpiredSessionIsUnknownAndRemoved() {
        SessionRepository<? extends Session> springSessions = springSessions();
        String written = writtenBySpring(springSessions, "from", "spring");
        // as if the last request had been longer ago than the timeout and the key's expiry had not been applied yet
        spring.opsForHash().put(key(written), RedisSessionStore.LAST_ACCESSED_TIME,
                Instant.now().minus(springSessions.findById(written).getMaxInactiveInterval()).minusSeconds(60).toEpochMilli());
        spring.persist(key(written));

        assertThat(store.findById(written)).isNull();
        assertThat(spring.hasKey(key(written))).isFalse();
    }

    private SessionRepository<? extends Session> springSessions() {
        RedisSessionRepository repository = new RedisSessionRepository(spring);
        repository.setRedisKeyNamespace(namespace);
        return repository;
    }

    /** Writes a session with Spring Session's own repository; returns its id. */
    private static <S extends Session> String writtenBySpring(SessionRepository<S> repository, String name, Object value) {
        S session = repository.createSession();
        session.setAttribute(name, value);
        repository.save(session);
        return session.getId();
    }

    /** A new session with one attribute, written. */
    private StoredSession savedWith(String name, Object value) {
        StoredSession session = store.createSession();
        session.setAttribute(name, value);
        store.save(session);
        return session;
    }

    private String key(String id) {
        return namespace + ":sessions:" + id;
    }
}
