package africa.bengobox.auth.events;

import java.util.Set;

/** A partial update of a subscription: null members stay as they are. */
public record WebhookChange(String url, Set<String> eventTypes, String description, Boolean enabled) {
}
