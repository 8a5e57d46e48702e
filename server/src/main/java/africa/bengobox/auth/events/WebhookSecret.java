package africa.bengobox.auth.events;

/** A subscription with its signing secret, returned once, when it is created or rotated. */
public record WebhookSecret(WebhookSubscription subscription, String secret) {

    @Override
    public String toString() {
        return "WebhookSecret[subscription=" + subscription.id() + "]";
    }
}
