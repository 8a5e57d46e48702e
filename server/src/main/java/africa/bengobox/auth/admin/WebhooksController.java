package africa.bengobox.auth.admin;

import static africa.bengobox.auth.admin.AdminJson.etag;
import static africa.bengobox.auth.admin.AdminJson.ifMatch;
import static africa.bengobox.auth.admin.AdminJson.limit;

import africa.bengobox.auth.events.NewWebhook;
import africa.bengobox.auth.events.WebhookChange;
import africa.bengobox.auth.events.WebhookDelivery;
import africa.bengobox.auth.events.WebhookSecret;
import africa.bengobox.auth.events.WebhookService;
import africa.bengobox.auth.events.WebhookSubscription;
import africa.bengobox.auth.tenancy.TenancyService;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code /admin/webhooks}: subscriptions, secret rotation, delivery logs and replays (api/openapi.yaml). */
@RestController
@RequestMapping(path = "/admin/webhooks", produces = "application/json")
class WebhooksController {

    private final WebhookService webhooks;
    private final TenancyService tenancy;
    private final AdminCallers callers;
    private final Idempotency idempotency;
    private final AdminAudit audit;

    WebhooksController(WebhookService webhooks, TenancyService tenancy, AdminCallers callers, Idempotency idempotency,
                       AdminAudit audit) {
        this.webhooks = webhooks;
        this.tenancy = tenancy;
        this.callers = callers;
        this.idempotency = idempotency;
        this.audit = audit;
    }

    /** Subscribes; the answer carries the signing secret, which is never shown again. */
    @PostMapping(consumes = "application/json")
    ResponseEntity<String> create(Authentication auth, HttpServletRequest request,
                                  @RequestHeader(name = "Idempotency-Key", required = false) String key,
                                  @RequestBody Map<String, Object> body) {
        AdminCaller caller = callers.of(auth);
        AdminJson.onlyMembers(body, Set.of("tenant_id", "url", "event_types", "description", "enabled"));
        String tenantValue = AdminJson.string(body, "tenant_id");
        UUID tenant = tenantValue == null ? caller.tenantId() : parse(tenantValue, "tenant_id");
        if (tenant == null) {
            caller.requirePlatform();
        } else {
            caller.requireTenant(tenant);
            tenancy.findById(tenant).orElseThrow(() -> new IllegalArgumentException("tenant_id names no tenant"));
        }
        return idempotency.create(caller, key, body, () -> audit.change(caller, request, "webhook.create", () -> {
            WebhookSecret created = webhooks.create(new NewWebhook(tenant, AdminJson.string(body, "url"),
                    AdminJson.strings(body, "event_types"), AdminJson.string(body, "description"), AdminJson.bool(body, "enabled")));
            Map<String, Object> view = view(created.subscription());
            view.put("secret", created.secret());
            return ResponseEntity.created(URI.create("/admin/webhooks/" + created.subscription().id()))
                    .eTag(etag(created.subscription().version())).body(view);
        }));
    }

    @GetMapping
    Map<String, Object> list(Authentication auth, @RequestParam(name = "tenant_id", required = false) UUID tenantId,
                             @RequestParam(required = false) String cursor, @RequestParam(required = false) Integer limit) {
        AdminCaller caller = callers.of(auth);
        UUID tenant = caller.platform() ? tenantId : caller.tenantId();
        if (tenantId != null) {
            caller.requireTenant(tenantId);
        }
        int n = limit(limit);
        String after = AdminJson.fromCursor(cursor);
        List<WebhookSubscription> fetched = webhooks.list(tenant, after == null ? null : parse(after, "cursor"), n + 1);
        return AdminJson.page(fetched, n, WebhooksController::view, s -> s.id().toString());
    }

    @GetMapping("/{id}")
    ResponseEntity<Map<String, Object>> get(Authentication auth, @PathVariable UUID id) {
        WebhookSubscription s = visible(callers.of(auth), id);
        return ResponseEntity.ok().eTag(etag(s.version())).body(view(s));
    }

    @PatchMapping(path = "/{id}", consumes = "application/json")
    ResponseEntity<Map<String, Object>> update(Authentication auth, HttpServletRequest request, @PathVariable UUID id,
                                               @RequestHeader("If-Match") String ifMatch, @RequestBody Map<String, Object> body) {
        AdminCaller caller = callers.of(auth);
        visible(caller, id);
        AdminJson.onlyMembers(body, Set.of("url", "event_types", "description", "enabled"));
        WebhookSubscription s = audit.change(caller, request, "webhook.update", () -> webhooks.update(id, ifMatch(ifMatch),
                new WebhookChange(AdminJson.string(body, "url"), AdminJson.strings(body, "event_types"),
                        AdminJson.string(body, "description"), AdminJson.bool(body, "enabled"))));
        return ResponseEntity.ok().eTag(etag(s.version())).body(view(s));
    }

    @DeleteMapping("/{id}")
    ResponseEntity<Void> delete(Authentication auth, HttpServletRequest request, @PathVariable UUID id,
                                @RequestHeader("If-Match") String ifMatch) {
        AdminCaller caller = callers.of(auth);
        visible(caller, id);
        audit.change(caller, request, "webhook.delete", () -> webhooks.delete(id, ifMatch(ifMatch)));
        return ResponseEntity.noContent().build();
    }

    /** A new secret, shown once; the previous one keeps signing too for overlap_seconds (default from the settings). */
    @PostMapping(path = "/{id}/rotate-secret")
    ResponseEntity<Map<String, Object>> rotate(Authentication auth, HttpServletRequest request, @PathVariable UUID id,
                                               @RequestHeader("If-Match") String ifMatch,
                                               @RequestBody(required = false) Map<String, Object> body) {
        AdminCaller caller = callers.of(auth);
        visible(caller, id);
        Map<String, Object> members = body == null ? Map.of() : body;
        AdminJson.onlyMembers(members, Set.of("overlap_seconds"));
        Long overlap = AdminJson.number(members, "overlap_seconds");
        WebhookSecret rotated = audit.change(caller, request, "webhook.rotate_secret",
                () -> webhooks.rotateSecret(id, ifMatch(ifMatch), overlap == null ? null : Duration.ofSeconds(overlap)));
        Map<String, Object> view = view(rotated.subscription());
        view.put("secret", rotated.secret());
        return ResponseEntity.ok().eTag(etag(rotated.subscription().version())).body(view);
    }

    @GetMapping("/{id}/deliveries")
    Map<String, Object> deliveries(Authentication auth, @PathVariable UUID id, @RequestParam(required = false) String status,
                                   @RequestParam(required = false) String cursor, @RequestParam(required = false) Integer limit) {
        visible(callers.of(auth), id);
        int n = limit(limit);
        String before = AdminJson.fromCursor(cursor);
        Long beforeId;
        try {
            beforeId = before == null ? null : Long.valueOf(before);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("cursor is not one this API returned");
        }
        return AdminJson.page(webhooks.deliveries(id, status, beforeId, n + 1), n, WebhooksController::view, d -> Long.toString(d.id()));
    }

    /** Sends again one event ({"event_id"}) or every matching event of a time range ({"from", "to"}). */
    @PostMapping(path = "/{id}/replay", consumes = "application/json")
    ResponseEntity<Map<String, Object>> replay(Authentication auth, HttpServletRequest request, @PathVariable UUID id,
                                               @RequestBody Map<String, Object> body) {
        AdminCaller caller = callers.of(auth);
        visible(caller, id);
        AdminJson.onlyMembers(body, Set.of("event_id", "from", "to"));
        String eventId = AdminJson.string(body, "event_id");
        int queued;
        if (eventId != null) {
            if (body.containsKey("from") || body.containsKey("to")) {
                throw new IllegalArgumentException("give either event_id or from and to");
            }
            UUID event = parse(eventId, "event_id");
            queued = audit.change(caller, request, "webhook.replay", () -> webhooks.replay(id, event));
        } else {
            Instant from = instant(body, "from");
            Instant to = instant(body, "to");
            queued = audit.change(caller, request, "webhook.replay", () -> webhooks.replay(id, from, to));
        }
        return ResponseEntity.accepted().body(Map.of("queued", queued));
    }

    private WebhookSubscription visible(AdminCaller caller, UUID id) {
        WebhookSubscription s = webhooks.find(id).orElseThrow();
        if (!caller.platform() && !caller.tenantId().equals(s.tenantId())) {
            throw new org.springframework.security.access.AccessDeniedException("this subscription belongs to another tenant");
        }
        return s;
    }

    private static UUID parse(String value, String name) {
        try {
            return UUID.fromString(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(name + " is not a valid id");
        }
    }

    private static Instant instant(Map<String, Object> body, String name) {
        String value = AdminJson.string(body, name);
        if (value == null) {
            throw new IllegalArgumentException(name + " is required (RFC 3339 time) unless event_id is given");
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(name + " must be an RFC 3339 time such as 2026-11-28T10:00:00Z");
        }
    }

    static Map<String, Object> view(WebhookSubscription s) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("id", s.id().toString());
        v.put("tenant_id", s.tenantId() == null ? null : s.tenantId().toString());
        v.put("url", s.url());
        v.put("event_types", List.copyOf(s.eventTypes()));
        v.put("description", s.description());
        v.put("enabled", s.enabled());
        v.put("previous_secret_until", s.previousSecretUntil() == null ? null : s.previousSecretUntil().toString());
        v.put("created_at", s.createdAt().toString());
        v.put("updated_at", s.updatedAt().toString());
        v.put("version", s.version());
        return v;
    }

    static Map<String, Object> view(WebhookDelivery d) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("id", d.id());
        v.put("event_id", d.eventId().toString());
        v.put("event_type", d.eventType());
        v.put("sequence", d.sequence());
        v.put("status", d.status());
        v.put("attempts", d.attempts());
        v.put("next_attempt_at", WebhookDelivery.PENDING.equals(d.status()) ? d.nextAttemptAt().toString() : null);
        v.put("last_attempt_at", d.lastAttemptAt() == null ? null : d.lastAttemptAt().toString());
        v.put("last_status", d.lastStatus());
        v.put("last_error", d.lastError());
        v.put("replay", d.replay());
        v.put("created_at", d.createdAt().toString());
        v.put("delivered_at", d.deliveredAt() == null ? null : d.deliveredAt().toString());
        return v;
    }
}
