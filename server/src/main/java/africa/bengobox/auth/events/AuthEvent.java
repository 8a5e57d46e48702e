package africa.bengobox.auth.events;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A domain event of the event catalogue ({@code docs/events.md}). Features publish it through Spring's
 * {@code ApplicationEventPublisher} inside the transaction of the change it describes; the outbox writes it in that
 * same transaction, so an event exists exactly when its change committed.
 *
 * @param type     catalogue name, one of {@link EventTypes}
 * @param tenantId the tenant the event belongs to, or null for platform-wide events
 * @param data     the JSON {@code data} member: plain values, lists and maps only
 */
public record AuthEvent(String type, String tenantId, Map<String, Object> data) {

    public AuthEvent {
        Objects.requireNonNull(type, "type");
        // LinkedHashMap keeps the author's member order in the JSON and allows null values ("picture": null).
        data = data == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(data));
    }
}
