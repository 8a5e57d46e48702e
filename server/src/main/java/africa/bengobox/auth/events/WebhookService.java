package africa.bengobox.auth.events;

import africa.bengobox.auth.config.AuthProperties;
import africa.bengobox.auth.keys.MasterKey;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Webhook subscriptions, their delivery logs and replays. Callers decide who may see which subscription; this
 * service checks what is asked of it. Version mismatches throw {@link OptimisticLockingFailureException}.
 */
@Service
public class WebhookService {

    /** Most events one range replay may queue. */
    public static final int MAX_REPLAY = 10_000;

    private final WebhookRepository webhooks;
    private final OutboxRepository outbox;
    private final MasterKey masterKey;
    private final OutboundUrls urls;
    private final EventsProperties properties;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    WebhookService(WebhookRepository webhooks, OutboxRepository outbox, MasterKey masterKey, EventsProperties properties,
                   AuthProperties authProperties, Clock clock) {
        this.webhooks = webhooks;
        this.outbox = outbox;
        this.masterKey = masterKey;
        this.properties = properties;
        this.urls = new OutboundUrls(allowPrivate(properties, authProperties));
        this.clock = clock;
    }

    static boolean allowPrivate(EventsProperties properties, AuthProperties authProperties) {
        return properties.allowPrivateAddresses() != null ? properties.allowPrivateAddresses() : !authProperties.production();
    }

    @Transactional
    public WebhookSecret create(NewWebhook request) {
        String url = urls.check(request.url()).toString();
        Set<String> types = eventTypes(request.eventTypes());
        String description = description(request.description());
        Instant now = clock.instant();
        WebhookSubscription subscription = new WebhookSubscription(UUID.randomUUID(), request.tenantId(), url, types, description,
                request.enabled() == null || request.enabled(), null, now, now, 0);
        byte[] secret = newSecret();
        webhooks.insert(subscription, masterKey.encrypt(secret, associatedData(subscription.id())));
        return new WebhookSecret(webhooks.find(subscription.id()).orElseThrow(), WebhookSignatures.display(secret));
    }

    public Optional<WebhookSubscription> find(UUID id) {
        return webhooks.find(id);
    }

    /** Up to limit subscriptions after the cursor (a subscription id), of one tenant or (tenantId null) all. */
    public List<WebhookSubscription> list(UUID tenantId, UUID after, int limit) {
        return webhooks.list(tenantId, after, limit);
    }

    @Transactional
    public WebhookSubscription update(UUID id, int expectedVersion, WebhookChange change) {
        WebhookSubscription current = webhooks.find(id).orElseThrow();
        String url = change.url() == null ? current.url() : urls.check(change.url()).toString();
        Set<String> types = change.eventTypes() == null ? current.eventTypes() : eventTypes(change.eventTypes());
        String description = change.description() == null ? current.description() : description(change.description());
        boolean enabled = change.enabled() == null ? current.enabled() : change.enabled();
        if (!webhooks.update(id, expectedVersion, url, String.join(" ", types), description, enabled, clock.instant())) {
            throw new OptimisticLockingFailureException("webhook subscription " + id + " has changed");
        }
        return webhooks.find(id).orElseThrow();
    }

    /**
     * A new secret; the previous one keeps signing (a second signature in {@code webhook-signature}) for the overlap,
     * so receivers can switch without losing deliveries.
     */
    @Transactional
    public WebhookSecret rotateSecret(UUID id, int expectedVersion, Duration overlap) {
        Duration window = overlap == null ? properties.secretRotationOverlap() : overlap;
        if (window.isNegative() || window.compareTo(Duration.ofDays(30)) > 0) {
            throw new IllegalArgumentException("overlap_seconds must be between 0 and 2592000 (30 days)");
        }
        webhooks.find(id).orElseThrow();
        byte[] secret = newSecret();
        Instant now = clock.instant();
        if (!webhooks.rotate(id, expectedVersion, masterKey.encrypt(secret, associatedData(id)), now.plus(window), now)) {
            throw new OptimisticLockingFailureException("webhook subscription " + id + " has changed");
        }
        return new WebhookSecret(webhooks.find(id).orElseThrow(), WebhookSignatures.display(secret));
    }

    @Transactional
    public void delete(UUID id, int expectedVersion) {
        webhooks.find(id).orElseThrow();
        if (!webhooks.delete(id, expectedVersion)) {
            throw new OptimisticLockingFailureException("webhook subscription " + id + " has changed");
        }
    }

    /** The delivery log, newest first; before is the cursor (a delivery id), status an optional filter. */
    public List<WebhookDelivery> deliveries(UUID subscriptionId, String status, Long before, int limit) {
        if (status != null && !Set.of(WebhookDelivery.PENDING, WebhookDelivery.DELIVERED, WebhookDelivery.DEAD).contains(status)) {
            throw new IllegalArgumentException("status must be pending, delivered or dead");
        }
        return outbox.deliveries(subscriptionId, status, before, limit);
    }

    /** Sends one event to the subscription again (a new delivery, with the event's original id and body). */
    @Transactional
    public int replay(UUID subscriptionId, UUID eventId) {
        WebhookSubscription subscription = webhooks.find(subscriptionId).orElseThrow();
        OutboxRepository.StoredEvent event = outbox.event(eventId)
                .filter(e -> subscription.covers(e.tenantId()))
                .orElseThrow(() -> new IllegalArgumentException("event_id names no event this subscription receives"));
        outbox.insertDelivery(subscriptionId, event.id(), clock.instant(), true);
        return 1;
    }

    /** Sends again every event of [from, to) that the subscription receives; returns how many were queued. */
    @Transactional
    public int replay(UUID subscriptionId, Instant from, Instant to) {
        if (from == null || to == null || !from.isBefore(to)) {
            throw new IllegalArgumentException("from must be before to");
        }
        WebhookSubscription subscription = webhooks.find(subscriptionId).orElseThrow();
        List<OutboxRepository.StoredEvent> events = new ArrayList<>();
        for (OutboxRepository.StoredEvent e : outbox.events(from, to, MAX_REPLAY + 1)) {
            if (subscription.covers(e.tenantId()) && subscription.wants(e.type())) {
                events.add(e);
            }
        }
        if (events.size() > MAX_REPLAY) {
            throw new IllegalArgumentException("the range holds more than " + MAX_REPLAY + " events; replay a shorter one");
        }
        Instant now = clock.instant();
        events.forEach(e -> outbox.insertDelivery(subscriptionId, e.id(), now, true));
        return events.size();
    }

    /** The secrets that sign for the subscription now: the current one, and the previous one during an overlap. */
    List<byte[]> signingSecrets(UUID subscriptionId, Instant now) {
        WebhookRepository.Secrets secrets = webhooks.secrets(subscriptionId).orElseThrow();
        List<byte[]> result = new ArrayList<>();
        result.add(masterKey.decrypt(secrets.current(), associatedData(subscriptionId)));
        if (secrets.previous() != null && secrets.previousUntil() != null && secrets.previousUntil().isAfter(now)) {
            result.add(masterKey.decrypt(secrets.previous(), associatedData(subscriptionId)));
        }
        return result;
    }

    private byte[] newSecret() {
        byte[] secret = new byte[32];
        random.nextBytes(secret);
        return secret;
    }

    private static String associatedData(UUID subscriptionId) {
        return "webhook-secret:" + subscriptionId;
    }

    private static Set<String> eventTypes(Set<String> requested) {
        if (requested == null || requested.isEmpty()) {
            throw new IllegalArgumentException("event_types must name at least one event type, or \"*\" for all");
        }
        Set<String> types = new LinkedHashSet<>();
        for (String type : requested) {
            if (!WebhookSubscription.ALL_EVENTS.equals(type) && !EventTypes.ALL.contains(type)) {
                throw new IllegalArgumentException("event_types: '" + type + "' is not in the event catalogue (docs/events.md)");
            }
            types.add(type);
        }
        return types;
    }

    private static String description(String description) {
        if (description != null && description.length() > 500) {
            throw new IllegalArgumentException("description must be at most 500 characters");
        }
        return description;
    }
}
