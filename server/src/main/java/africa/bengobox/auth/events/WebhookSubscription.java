package africa.bengobox.auth.events;

import java.time.Instant;
import java.util.Set;
import java.util.UUID;

/**
 * A webhook subscription as administrators see it; its secrets never leave the server after creation or rotation.
 *
 * @param tenantId            null for a platform-wide subscription, which receives every tenant's events
 * @param eventTypes          catalogue names, or {@code *} for every event
 * @param previousSecretUntil while in the future, deliveries are signed with the previous secret too
 */
public record WebhookSubscription(UUID id, UUID tenantId, String url, Set<String> eventTypes, String description,
                                  boolean enabled, Instant previousSecretUntil, Instant createdAt, Instant updatedAt,
                                  int version) {

    public static final String ALL_EVENTS = "*";

    public boolean wants(String type) {
        return eventTypes.contains(ALL_EVENTS) || eventTypes.contains(type);
    }

    public boolean covers(String eventTenantId) {
        return tenantId == null || tenantId.toString().equals(eventTenantId);
    }
}
