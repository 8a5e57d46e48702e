package africa.bengobox.auth.events;

import java.util.Set;
import java.util.UUID;

/** What an administrator gives to subscribe: where, to what, for which tenant (null: platform-wide). */
public record NewWebhook(UUID tenantId, String url, Set<String> eventTypes, String description, Boolean enabled) {
}
