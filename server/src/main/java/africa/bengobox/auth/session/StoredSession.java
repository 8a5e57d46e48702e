package africa.bengobox.auth.session;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import org.springframework.session.MapSession;
import org.springframework.session.Session;

/**
 * A session of {@link RedisSessionStore}: its data, and what changed since it was read or last written (which
 * attributes, whether its id or its timeout), so that a write sends only that, or nothing.
 */
public final class StoredSession implements Session {

    private final MapSession data;
    private final Set<String> changedAttributes = new HashSet<>();
    /** The id under which Redis holds it; null until it is first written. */
    private String storedId;
    private Instant storedLastAccessedTime;
    private boolean maxInactiveIntervalChanged;

    private StoredSession(MapSession data, String storedId) {
        this.data = data;
        this.storedId = storedId;
        this.storedLastAccessedTime = data.getLastAccessedTime();
    }

    static StoredSession created(MapSession data) {
        return new StoredSession(data, null);
    }

    static StoredSession loaded(MapSession data) {
        return new StoredSession(data, data.getId());
    }

    MapSession data() {
        return data;
    }

    boolean isNew() {
        return storedId == null;
    }

    String storedId() {
        return storedId;
    }

    Set<String> changedAttributes() {
        return changedAttributes;
    }

    boolean maxInactiveIntervalChanged() {
        return maxInactiveIntervalChanged;
    }

    /** Whether a write is due: anything changed, or the stored expiry is older than {@code touchInterval}. */
    boolean needsWrite(Duration touchInterval) {
        return isNew() || !storedId.equals(data.getId()) || !changedAttributes.isEmpty() || maxInactiveIntervalChanged
                || !data.getLastAccessedTime().isBefore(storedLastAccessedTime.plus(touchInterval));
    }

    void saved() {
        storedId = data.getId();
        storedLastAccessedTime = data.getLastAccessedTime();
        changedAttributes.clear();
        maxInactiveIntervalChanged = false;
    }

    @Override
    public String getId() {
        return data.getId();
    }

    @Override
    public String changeSessionId() {
        return data.changeSessionId();
    }

    @Override
    public <T> T getAttribute(String name) {
        return data.getAttribute(name);
    }

    @Override
    public Set<String> getAttributeNames() {
        return data.getAttributeNames();
    }

    @Override
    public void setAttribute(String name, Object value) {
        data.setAttribute(name, value);
        changedAttributes.add(name);
    }

    @Override
    public void removeAttribute(String name) {
        data.removeAttribute(name);
        changedAttributes.add(name);
    }

    @Override
    public Instant getCreationTime() {
        return data.getCreationTime();
    }

    @Override
    public void setLastAccessedTime(Instant lastAccessedTime) {
        data.setLastAccessedTime(lastAccessedTime);
    }

    @Override
    public Instant getLastAccessedTime() {
        return data.getLastAccessedTime();
    }

    @Override
    public void setMaxInactiveInterval(Duration interval) {
        if (!interval.equals(data.getMaxInactiveInterval())) {
            data.setMaxInactiveInterval(interval);
            maxInactiveIntervalChanged = true;
        }
    }

    @Override
    public Duration getMaxInactiveInterval() {
        return data.getMaxInactiveInterval();
    }

    @Override
    public boolean isExpired() {
        return data.isExpired();
    }
}
