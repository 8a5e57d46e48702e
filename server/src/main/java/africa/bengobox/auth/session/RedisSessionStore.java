package africa.bengobox.auth.session;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.RedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.data.redis.serializer.JdkSerializationRedisSerializer;
import org.springframework.data.redis.serializer.RedisSerializer;
import org.springframework.session.MapSession;
import org.springframework.session.SessionRepository;
import org.springframework.session.data.redis.RedisSessionMapper;

/**
 * HTTP sessions in Redis with one round trip per read and at most one per write (docs/decisions/0013). The data
 * layout is Spring Session's {@code RedisSessionRepository}'s (a hash per session under
 * {@code <namespace>:sessions:<id>}, JDK-serialised values), so sessions survive a switch between the two.
 * <ul>
 *   <li>A read is one {@code HGETALL}.</li>
 *   <li>A write is one script that checks the session still exists (a session deleted meanwhile, by a sign-out on
 *   another node, is not brought back), renames it when its id changed, writes the changed fields and sets the
 *   expiry: atomically, where Spring's repository sends {@code EXISTS}, {@code RENAME}, {@code HMSET} and
 *   {@code PEXPIREAT} one after the other.</li>
 *   <li>A request that changed nothing writes nothing, unless the session's expiry was last pushed back more than
 *   {@link #TOUCH_INTERVAL} ago: a session expires at most that much before its exact inactivity timeout. Spring
 *   writes the last access time, and checks existence, on every request, and commits each session twice.</li>
 *   <li>The id a session had before a change of id (at sign-in) is answered as unknown without asking Redis for a
 *   while: Spring's filter looks it up once more after the change.</li>
 * </ul>
 */
public class RedisSessionStore implements SessionRepository<StoredSession> {

    /** How stale a session's expiry may get before a request that changed nothing refreshes it. */
    static final Duration TOUCH_INTERVAL = Duration.ofMinutes(1);

    static final String CREATION_TIME = "creationTime";
    static final String LAST_ACCESSED_TIME = "lastAccessedTime";
    static final String MAX_INACTIVE_INTERVAL = "maxInactiveInterval";
    static final String ATTRIBUTE_PREFIX = "sessionAttr:";

    /**
     * KEYS[1]: the session's key; KEYS[2]: its key before a change of id (else the same). ARGV[1]: expiry in epoch
     * milliseconds (0: never); ARGV[2]: 1 for a new session; then field and value pairs, an empty value removing the
     * field (a JDK-serialised value is never empty). Returns 0 when an existing session is gone.
     */
    private static final RedisScript<Long> SAVE = RedisScript.of("""
            if KEYS[2] ~= KEYS[1] then
              if redis.call('EXISTS', KEYS[2]) == 0 then return 0 end
              redis.call('RENAME', KEYS[2], KEYS[1])
            elseif ARGV[2] ~= '1' and redis.call('EXISTS', KEYS[1]) == 0 then
              return 0
            end
            for i = 3, #ARGV, 2 do
              if ARGV[i + 1] == '' then
                redis.call('HDEL', KEYS[1], ARGV[i])
              else
                redis.call('HSET', KEYS[1], ARGV[i], ARGV[i + 1])
              end
            end
            if ARGV[1] == '0' then
              redis.call('PERSIST', KEYS[1])
            else
              redis.call('PEXPIREAT', KEYS[1], ARGV[1])
            end
            return 1
            """, Long.class);

    private static final byte[] REMOVED = new byte[0];

    private final RedisTemplate<byte[], byte[]> redis;
    private final String keyPrefix;
    private final Duration maxInactiveInterval;
    private final Clock clock;
    private final RedisSerializer<Object> values = new JdkSerializationRedisSerializer(RedisSessionStore.class.getClassLoader());
    private final RedisSessionMapper mapper = new RedisSessionMapper();
    private final Cache<String, Boolean> replacedIds = Caffeine.newBuilder()
            .expireAfterWrite(Duration.ofSeconds(10)).maximumSize(10_000).build();

    public RedisSessionStore(RedisTemplate<byte[], byte[]> redis, String namespace, Duration maxInactiveInterval, Clock clock) {
        this.redis = redis;
        this.keyPrefix = namespace + ":sessions:";
        this.maxInactiveInterval = maxInactiveInterval;
        this.clock = clock;
    }

    @Override
    public StoredSession createSession() {
        MapSession session = new MapSession();
        session.setCreationTime(clock.instant());
        session.setLastAccessedTime(session.getCreationTime());
        session.setMaxInactiveInterval(maxInactiveInterval);
        return StoredSession.created(session);
    }

    @Override
    public void save(StoredSession session) {
        if (!session.needsWrite(TOUCH_INTERVAL)) {
            return;
        }
        MapSession data = session.data();
        List<byte[]> args = new ArrayList<>();
        args.add(ascii(expiry(data)));
        args.add(ascii(session.isNew() ? "1" : "0"));
        field(args, LAST_ACCESSED_TIME, data.getLastAccessedTime().toEpochMilli());
        if (session.isNew()) {
            field(args, CREATION_TIME, data.getCreationTime().toEpochMilli());
        }
        if (session.isNew() || session.maxInactiveIntervalChanged()) {
            field(args, MAX_INACTIVE_INTERVAL, (int) data.getMaxInactiveInterval().toSeconds());
        }
        for (String name : session.isNew() ? data.getAttributeNames() : session.changedAttributes()) {
            field(args, ATTRIBUTE_PREFIX + name, data.getAttribute(name));
        }
        String storedId = session.isNew() ? data.getId() : session.storedId();
        redis.execute(SAVE, List.of(key(data.getId()), key(storedId)), args.toArray());
        if (!storedId.equals(data.getId())) {
            replacedIds.put(storedId, Boolean.TRUE);
        }
        session.saved();
    }

    @Override
    public StoredSession findById(String id) {
        if (replacedIds.getIfPresent(id) != null) {
            return null;
        }
        Map<byte[], byte[]> stored = redis.execute((RedisCallback<Map<byte[], byte[]>>) c -> c.hashCommands().hGetAll(key(id)));
        if (stored == null || stored.isEmpty()) {
            return null;
        }
        Map<String, Object> fields = new HashMap<>();
        stored.forEach((name, value) -> fields.put(new String(name, StandardCharsets.UTF_8), values.deserialize(value)));
        MapSession data;
        try {
            data = mapper.apply(id, fields);
        } catch (IllegalStateException incomplete) {
            return null;
        }
        if (data.isExpired()) {
            deleteById(id);
            return null;
        }
        return StoredSession.loaded(data);
    }

    @Override
    public void deleteById(String id) {
        redis.delete(key(id));
    }

    private byte[] key(String id) {
        return ascii(keyPrefix + id);
    }

    private static String expiry(MapSession data) {
        Duration interval = data.getMaxInactiveInterval();
        return interval.isNegative() ? "0" : Long.toString(data.getLastAccessedTime().plus(interval).toEpochMilli());
    }

    private void field(List<byte[]> args, String name, Object value) {
        args.add(name.getBytes(StandardCharsets.UTF_8));
        args.add(value == null ? REMOVED : values.serialize(value));
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
