package africa.bengobox.auth.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import africa.bengobox.auth.events.AuthEvent;
import africa.bengobox.auth.events.EventTypes;
import africa.bengobox.auth.support.AdminApi;
import africa.bengobox.auth.support.Db;
import africa.bengobox.auth.support.SignIn;
import africa.bengobox.auth.support.WebhookReceiver;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The tenancy admin API and webhook delivery, end to end: administrators with bearer tokens, a real HTTP receiver that
 * verifies signatures the documented way, users signing in through a client.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT, properties = {
        "bengobox.auth.import=src/test/resources/admin-import.yaml",
        "bengobox.auth.events.poll-interval=100ms",
        "bengobox.auth.events.retry-initial-delay=200ms",
        "bengobox.auth.events.retry-max-delay=1s",
        "bengobox.auth.events.request-timeout=1s"})
class TenancyEventsTest {

    static final Duration WAIT = Duration.ofSeconds(30);

    @Value("${bengobox.auth.issuer}") String issuer;
    @Autowired JdbcClient jdbc;
    @Autowired ApplicationEventPublisher publisher;
    @Autowired TransactionTemplate transactions;

    WebhookReceiver receiver;
    AdminApi platform;

    @BeforeEach
    void setUp() {
        receiver = new WebhookReceiver();
        platform = new AdminApi(issuer, AdminApi.clientCredentials(issuer, "platform-ops", "platform-ops-secret-0123456789",
                "admin:tenants admin:webhooks"));
    }

    @AfterEach
    void tearDown() {
        receiver.close();
    }

    Map<String, Object> created(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return AdminApi.map(response.body());
    }

    Map<String, Object> subscribe(String tenantId, List<String> types) {
        Map<String, Object> body = new java.util.LinkedHashMap<>();
        if (tenantId != null) {
            body.put("tenant_id", tenantId);
        }
        body.put("url", receiver.url());
        body.put("event_types", types);
        Map<String, Object> sub = created(platform.post("/admin/webhooks", body));
        receiver.trust((String) sub.get("secret"));
        return sub;
    }

    Map<String, Object> newTenant(String slug) {
        return created(platform.post("/admin/tenants", Map.of("tenant_slug", slug, "name", "Tenant " + slug)));
    }

    List<WebhookReceiver.Received> forTenant(String type, String tenantId) {
        return receiver.ofType(type).stream().filter(r -> tenantId.equals(r.json().get("tenant_id"))).toList();
    }

    long audited(String action) {
        return jdbc.sql("select count(*) from audit_logs where action = :a").param("a", action).query(Long.class).single();
    }

    static List<Object> members(Map<String, Object> page, String member) {
        return ((List<?>) page.get("items")).stream().map(item -> ((Map<?, ?>) item).get(member)).map(Object.class::cast).toList();
    }

    UUID userId(String username) {
        return jdbc.sql("select id from users where username = :u").param("u", username).query(UUID.class).single();
    }

    // ---- the issue's "done when" ----------------------------------------------------------------------------------

    @Test
    void tenantCreatedThroughTheApiIsAnnouncedAndSyncedWhenAUserSignsIn() throws Exception {
        subscribe(null, List.of(EventTypes.TENANT_CREATED, EventTypes.TENANT_SYNCED, EventTypes.OUTLET_SYNCED));
        Map<String, Object> tenant = newTenant("kijiji-foods");
        String tenantId = (String) tenant.get("id");
        created(platform.post("/admin/tenants/kijiji-foods/outlets", Map.of("slug", "cbd", "name", "CBD Kitchen",
                "address", Map.of("city", "Nairobi", "country", "KE"), "metadata", Map.of("seats", 40))));
        assertThat(platform.put("/admin/tenants/" + tenantId + "/memberships/" + userId("alice"),
                Map.of("roles", List.of("staff"))).statusCode()).isEqualTo(200);

        SignIn.Result signIn = SignIn.asUser(issuer, "alice", "alice-password-1", "kijiji-foods", "openid");
        assertThat(signIn.error()).isNull();

        await().atMost(WAIT).until(() -> forTenant(EventTypes.TENANT_SYNCED, tenantId).size() == 1
                && forTenant(EventTypes.OUTLET_SYNCED, tenantId).size() >= 2 && forTenant(EventTypes.TENANT_CREATED, tenantId).size() == 1);
        List<WebhookReceiver.Received> all = receiver.received().stream().filter(r -> tenantId.equals(r.json().get("tenant_id"))).toList();
        assertThat(all).allSatisfy(r -> {
            assertThat(r.validSignature()).as("signature of %s", r.body()).isTrue();
            assertThat(r.id()).isEqualTo(r.json().get("id"));
            assertThat(Math.abs(r.timestamp() - Instant.now().getEpochSecond())).isLessThan(60);
            assertThat(r.json()).containsKeys("type", "timestamp", "data", "sequence");
        });
        assertThat(forTenant(EventTypes.TENANT_CREATED, tenantId).getFirst().data())
                .containsEntry("tenant_slug", "kijiji-foods").containsEntry("status", "active");
        assertThat(forTenant(EventTypes.TENANT_SYNCED, tenantId).getFirst().data()).containsEntry("tenant_id", tenantId);
        assertThat(forTenant(EventTypes.OUTLET_SYNCED, tenantId)).anySatisfy(r -> {
            assertThat(r.data()).containsEntry("slug", "cbd").containsEntry("metadata", Map.of("seats", 40));
            assertThat(AdminApi.map(AdminApi.JSON.writeValueAsString(r.data().get("address")))).containsEntry("city", "Nairobi").containsEntry("country", "KE");
        });
        // the per-tenant sequence orders them: created first
        long createdSeq = ((Number) forTenant(EventTypes.TENANT_CREATED, tenantId).getFirst().json().get("sequence")).longValue();
        long syncedSeq = ((Number) forTenant(EventTypes.TENANT_SYNCED, tenantId).getFirst().json().get("sequence")).longValue();
        assertThat(createdSeq).isEqualTo(1);
        assertThat(syncedSeq).isGreaterThan(createdSeq);

        // signing in again within the window announces nothing new: the snapshot is unchanged
        assertThat(SignIn.asUser(issuer, "alice", "alice-password-1", "kijiji-foods", "openid").error()).isNull();
        assertThat(jdbc.sql("select count(*) from outbox_events where type = :t and tenant_id = :id")
                .param("t", EventTypes.TENANT_SYNCED).param("id", tenantId).query(Long.class).single()).isEqualTo(1);

        // a new outlet changes the snapshot: the next sign-in, seconds later, announces it again
        created(platform.post("/admin/tenants/kijiji-foods/outlets", Map.of("slug", "westlands", "name", "Westlands")));
        assertThat(SignIn.asUser(issuer, "alice", "alice-password-1", "kijiji-foods", "openid").error()).isNull();
        assertThat(jdbc.sql("select count(*) from outbox_events where type = :t and tenant_id = :id")
                .param("t", EventTypes.TENANT_SYNCED).param("id", tenantId).query(Long.class).single()).isEqualTo(2);
    }

    // ---- delivery: retries, timeouts, redirects, dead letters, replay, rotation ------------------------------------------

    @Test
    void failedDeliveriesAreRetriedAfterServerErrorsTimeoutsAndRedirects() throws Exception {
        String tenantId = (String) newTenant("retry-co").get("id");
        Map<String, Object> sub = subscribe(tenantId, List.of(EventTypes.TENANT_UPDATED));
        receiver.script(new WebhookReceiver.Behaviour(0, 500), new WebhookReceiver.Behaviour(2500, 200),
                new WebhookReceiver.Behaviour(0, 302));
        HttpResponse<String> tenant = platform.get("/admin/tenants/retry-co");
        assertThat(platform.patch("/admin/tenants/retry-co", Map.of("name", "Retry Company"), "If-Match",
                tenant.headers().firstValue("ETag").orElseThrow()).statusCode()).isEqualTo(200);

        await().atMost(WAIT).until(() -> receiver.received().stream().anyMatch(r -> r.answered() == 204));
        List<WebhookReceiver.Received> attempts = receiver.received();
        assertThat(attempts).hasSize(4);
        assertThat(attempts).extracting(WebhookReceiver.Received::answered).containsExactly(500, 200, 302, 204);
        assertThat(attempts).extracting(WebhookReceiver.Received::id).containsOnly(attempts.getFirst().id());
        assertThat(attempts).allMatch(WebhookReceiver.Received::validSignature);

        Map<String, Object> log = AdminApi.map(platform.get("/admin/webhooks/" + sub.get("id") + "/deliveries").body());
        @SuppressWarnings("unchecked")
        Map<String, Object> delivery = ((List<Map<String, Object>>) log.get("items")).getFirst();
        assertThat(delivery).containsEntry("status", "delivered").containsEntry("attempts", 4).containsEntry("last_status", 204);
        String metrics = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create(issuer + "/actuator/prometheus")).build(), HttpResponse.BodyHandlers.ofString()).body();
        assertThat(metrics).contains("bengobox_webhook_attempts_total{outcome=\"failed\"").contains("bengobox_webhook_deliveries{status=\"due\"");
    }

    @Test
    void deliveriesThatKeepFailingBeyondTheHorizonAreDead() {
        String tenantId = (String) newTenant("dead-co").get("id");
        Map<String, Object> sub = subscribe(tenantId, List.of(EventTypes.TENANT_UPDATED));
        // the event is older than the retry horizon (26 h) as soon as it is written
        transactions.executeWithoutResult(s -> publisher.publishEvent(new AuthEvent(EventTypes.TENANT_UPDATED, tenantId, Map.of())));
        jdbc.sql("update outbox_events set occurred_at = :t where tenant_id = :id")
                .param("t", java.sql.Timestamp.from(Instant.now().minus(Duration.ofHours(27)))).param("id", tenantId).update();
        receiver.script(new WebhookReceiver.Behaviour(0, 503));
        await().atMost(WAIT).until(() -> AdminApi.map(platform.get("/admin/webhooks/" + sub.get("id") + "/deliveries?status=dead").body())
                .get("items") instanceof List<?> l && l.size() == 1);
        assertThat(receiver.received()).hasSize(1);
    }

    @Test
    void oneEventOrATimeRangeIsReplayed() {
        Instant start = Instant.now().minusSeconds(1);
        String tenantId = (String) newTenant("replay-co").get("id");
        created(platform.post("/admin/tenants/replay-co/outlets", Map.of("slug", "one", "name", "One")));
        created(platform.post("/admin/tenants/replay-co/outlets", Map.of("slug", "two", "name", "Two")));
        // subscribed after the fact: nothing is sent until a replay
        Map<String, Object> sub = subscribe(tenantId, List.of("*"));
        String path = "/admin/webhooks/" + sub.get("id") + "/replay";

        HttpResponse<String> range = platform.post(path, Map.of("from", start.toString(), "to", Instant.now().plusSeconds(1).toString()));
        assertThat(range.statusCode()).as(range.body()).isEqualTo(202);
        assertThat(AdminApi.map(range.body())).containsEntry("queued", 3);
        await().atMost(WAIT).until(() -> receiver.received().size() == 3);
        assertThat(receiver.received()).extracting(WebhookReceiver.Received::type)
                .containsExactlyInAnyOrder(EventTypes.TENANT_CREATED, EventTypes.OUTLET_SYNCED, EventTypes.OUTLET_SYNCED);

        String eventId = receiver.ofType(EventTypes.TENANT_CREATED).getFirst().id();
        assertThat(platform.post(path, Map.of("event_id", eventId)).statusCode()).isEqualTo(202);
        await().atMost(WAIT).until(() -> receiver.received().size() == 4);
        WebhookReceiver.Received again = receiver.received().get(3);
        assertThat(again.id()).isEqualTo(eventId);
        assertThat(again.validSignature()).isTrue();
        assertThat(platform.post(path, Map.of("event_id", UUID.randomUUID().toString())).statusCode()).isEqualTo(400);
    }

    @Test
    void aRotatedSecretSignsAlongsideThePreviousOneDuringTheOverlap() {
        String tenantId = (String) newTenant("rotate-co").get("id");
        Map<String, Object> sub = subscribe(tenantId, List.of(EventTypes.OUTLET_SYNCED));
        String oldSecret = (String) sub.get("secret");
        HttpResponse<String> rotated = platform.post("/admin/webhooks/" + sub.get("id") + "/rotate-secret",
                Map.of("overlap_seconds", 3600), "If-Match", "\"0\"");
        assertThat(rotated.statusCode()).as(rotated.body()).isEqualTo(200);
        String newSecret = (String) AdminApi.map(rotated.body()).get("secret");
        assertThat(newSecret).startsWith("whsec_").isNotEqualTo(oldSecret);
        assertThat(Db.anyColumnContains(jdbc, newSecret.substring(6))).isFalse();

        created(platform.post("/admin/tenants/rotate-co/outlets", Map.of("slug", "main", "name", "Main")));
        await().atMost(WAIT).until(() -> receiver.received().size() == 1);
        assertThat(receiver.received().getFirst().signature().split(" ")).hasSize(2);
        try (WebhookReceiver onlyNew = new WebhookReceiver()) {
            onlyNew.trust(newSecret);
            assertThat(receiver.received().getFirst().validSignature()).isTrue();
        }
        assertThat(platform.get("/admin/webhooks/" + sub.get("id")).body()).doesNotContain("secret\"");
    }

    // ---- the outbox ---------------------------------------------------------------------------------------------

    @Test
    void eventsExistOnlyWithTheirCommittedChange() {
        UUID tenant = UUID.randomUUID();
        assertThatThrownBy(() -> publisher.publishEvent(new AuthEvent(EventTypes.TENANT_UPDATED, tenant.toString(), Map.of())))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("outside a read-write transaction");
        assertThatThrownBy(() -> transactions.executeWithoutResult(s -> {
            publisher.publishEvent(new AuthEvent(EventTypes.TENANT_UPDATED, tenant.toString(), Map.of()));
            throw new IllegalStateException("the change fails");
        })).hasMessage("the change fails");
        assertThat(jdbc.sql("select count(*) from outbox_events where tenant_id = :t").param("t", tenant.toString())
                .query(Long.class).single()).isZero();
        transactions.executeWithoutResult(s -> publisher.publishEvent(new AuthEvent(EventTypes.TENANT_UPDATED, tenant.toString(), Map.of())));
        assertThat(jdbc.sql("select count(*) from outbox_events where tenant_id = :t").param("t", tenant.toString())
                .query(Long.class).single()).isOne();
    }

    // ---- the admin API ------------------------------------------------------------------------------------------

    @Test
    void createsAreIdempotentWithAnIdempotencyKey() {
        Map<String, Object> body = Map.of("tenant_slug", "idem-co", "name", "Idem Co");
        long auditedBefore = audited("admin.tenant.create");
        HttpResponse<String> first = platform.post("/admin/tenants", body, "Idempotency-Key", "create-idem-co");
        HttpResponse<String> second = platform.post("/admin/tenants", body, "Idempotency-Key", "create-idem-co");
        assertThat(first.statusCode()).isEqualTo(201);
        assertThat(second.statusCode()).isEqualTo(201);
        assertThat(second.body()).isEqualTo(first.body());
        assertThat(second.headers().firstValue("Location")).isEqualTo(first.headers().firstValue("Location"));
        assertThat(second.headers().firstValue("Idempotent-Replayed")).contains("true");
        assertThat(jdbc.sql("select count(*) from tenants where slug = 'idem-co'").query(Long.class).single()).isOne();
        // the change is in the audit trail once, with who made it
        assertThat(audited("admin.tenant.create")).isEqualTo(auditedBefore + 1);
        assertThat(jdbc.sql("select actor_type || ' ' || actor_id || ' ' || details from audit_logs where action = 'admin.tenant.create' order by id desc limit 1")
                .query(String.class).single()).isEqualTo("client platform-ops {\"method\":\"POST\",\"path\":\"/admin/tenants\"}");

        // the answer to a subscription holds its secret: replayed to the caller, never stored readable
        Map<String, Object> hook = Map.of("url", receiver.url(), "event_types", List.of("*"));
        HttpResponse<String> subscribed = platform.post("/admin/webhooks", hook, "Idempotency-Key", "hook-1");
        HttpResponse<String> again = platform.post("/admin/webhooks", hook, "Idempotency-Key", "hook-1");
        assertThat(again.body()).isEqualTo(subscribed.body());
        String secret = (String) AdminApi.map(subscribed.body()).get("secret");
        assertThat(Db.anyColumnContains(jdbc, secret.substring("whsec_".length(), 20))).isFalse();
        assertThat(platform.delete("/admin/webhooks/" + AdminApi.map(subscribed.body()).get("id"), "If-Match", "\"0\"").statusCode())
                .isEqualTo(204);

        HttpResponse<String> reused = platform.post("/admin/tenants", Map.of("tenant_slug", "other-co", "name", "Other"),
                "Idempotency-Key", "create-idem-co");
        assertThat(reused.statusCode()).isEqualTo(422);
        assertThat(reused.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/problem+json"));
        HttpResponse<String> duplicate = platform.post("/admin/tenants", body);
        assertThat(duplicate.statusCode()).isEqualTo(409);
    }

    @Test
    void updatesNeedTheCurrentETag() {
        newTenant("etag-co");
        HttpResponse<String> read = platform.get("/admin/tenants/etag-co");
        String etag = read.headers().firstValue("ETag").orElseThrow();
        assertThat(platform.patch("/admin/tenants/etag-co", Map.of("name", "E")).statusCode()).isEqualTo(428);
        HttpResponse<String> ok = platform.patch("/admin/tenants/etag-co", Map.of("name", "ETag Company",
                "settings", Map.of("branding", Map.of("primary_color", "#112233"), "registration", "invite_only")), "If-Match", etag);
        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
        assertThat(ok.headers().firstValue("ETag")).isNotEqualTo(java.util.Optional.of(etag));
        assertThat(platform.patch("/admin/tenants/etag-co", Map.of("name", "Lost update"), "If-Match", etag).statusCode()).isEqualTo(412);
        HttpResponse<String> bad = platform.patch("/admin/tenants/etag-co", Map.of("settings", Map.of("branding",
                Map.of("primary_color", "red"))), "If-Match", ok.headers().firstValue("ETag").orElseThrow());
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(AdminApi.map(bad.body()).get("detail")).isEqualTo("settings.branding.primary_color must be a colour like #1a2b3c");
        assertThat(platform.patch("/admin/tenants/etag-co", Map.of("settings", Map.of("password_policy", Map.of("min_length", 8))),
                "If-Match", ok.headers().firstValue("ETag").orElseThrow()).statusCode()).isEqualTo(400);
        assertThat(platform.post("/admin/tenants", Map.of("tenant_slug", "Bad_Slug", "name", "x")).statusCode()).isEqualTo(400);
    }

    @Test
    void listsArePagedWithCursorsAndFiltered() {
        newTenant("page-co");
        for (String slug : List.of("a-outlet", "b-outlet", "c-outlet")) {
            created(platform.post("/admin/tenants/page-co/outlets", Map.of("slug", slug, "name", slug)));
        }
        Map<String, Object> first = AdminApi.map(platform.get("/admin/tenants/page-co/outlets?limit=2").body());
        assertThat((List<?>) first.get("items")).hasSize(2);
        Map<String, Object> second = AdminApi.map(platform.get("/admin/tenants/page-co/outlets?limit=2&cursor=" + first.get("next_cursor")).body());
        assertThat(members(second, "slug")).containsExactly("c-outlet");
        assertThat(second.get("next_cursor")).isNull();
        Map<String, Object> filtered = AdminApi.map(platform.get("/admin/tenants?slug_prefix=page-").body());
        assertThat(members(filtered, "tenant_slug")).containsExactly("page-co");
    }

    @Test
    void tenantAdministratorsSeeOnlyTheirTenant() throws Exception {
        AdminApi acme = new AdminApi(issuer, AdminApi.clientCredentials(issuer, "acme-ops", "acme-ops-secret-0123456789", "admin:tenants admin:webhooks"));
        assertThat(acme.get("/admin/tenants/acme").statusCode()).isEqualTo(200);
        HttpResponse<String> other = acme.get("/admin/tenants/globex");
        assertThat(other.statusCode()).isEqualTo(403);
        assertThat(other.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/problem+json");
        assertThat(acme.get("/admin/tenants/globex/outlets").statusCode()).isEqualTo(403);
        assertThat(members(AdminApi.map(acme.get("/admin/tenants").body()), "tenant_slug")).containsExactly("acme");
        assertThat(acme.post("/admin/tenants", Map.of("tenant_slug", "sneaky", "name", "x")).statusCode()).isEqualTo(403);
        assertThat(acme.post("/admin/webhooks", Map.of("url", receiver.url(), "event_types", List.of("*"),
                "tenant_id", AdminApi.map(platform.get("/admin/tenants/globex").body()).get("id"))).statusCode()).isEqualTo(403);
        // the user who administers acme, through a client, with a user token
        SignIn.Result boss = SignIn.asUser(issuer, "acme-boss", "acme-boss-password", "acme", "openid admin:tenants:read");
        assertThat(boss.error()).isNull();
        AdminApi asBoss = new AdminApi(issuer, boss.accessToken());
        assertThat(asBoss.get("/admin/tenants/acme/outlets").statusCode()).isEqualTo(200);
        assertThat(asBoss.get("/admin/tenants/globex").statusCode()).isEqualTo(403);
        assertThat(asBoss.patch("/admin/tenants/acme", Map.of("name", "x"), "If-Match", "\"0\"").statusCode()).isEqualTo(403);
        // a staff member is no administrator, whatever the token's scopes
        SignIn.Result staff = SignIn.asUser(issuer, "alice", "alice-password-1", "acme", "openid admin:tenants:read");
        assertThat(new AdminApi(issuer, staff.accessToken()).get("/admin/tenants/acme").statusCode()).isEqualTo(403);
        // the platform administrator signing in to the platform tenant sees every tenant
        SignIn.Result root = SignIn.asUser(issuer, "root", "root-password-12", "platform", "openid admin:tenants:read");
        assertThat(new AdminApi(issuer, root.accessToken()).get("/admin/tenants/globex").statusCode()).isEqualTo(200);
    }

    @Test
    void tokensWithoutAdminReachAreRefused() {
        HttpResponse<String> anonymous = new AdminApi(issuer, null).get("/admin/tenants");
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(anonymous.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/problem+json");
        assertThat(new AdminApi(issuer, "not-a-token").get("/admin/tenants").statusCode()).isEqualTo(401);
        String noScope = AdminApi.clientCredentials(issuer, "acme-reader", "acme-reader-secret-0123456789", "inventory.read");
        assertThat(new AdminApi(issuer, noScope).get("/admin/tenants").statusCode()).isEqualTo(403);
        String tenantless = AdminApi.clientCredentials(issuer, "tenantless-ops", "tenantless-ops-secret-0123456789", "admin:tenants");
        assertThat(new AdminApi(issuer, tenantless).get("/admin/tenants").statusCode()).isEqualTo(403);
        String readOnly = AdminApi.clientCredentials(issuer, "platform-opaque", "platform-opaque-secret-0123456789", "admin:tenants:read");
        AdminApi opaque = new AdminApi(issuer, readOnly);
        assertThat(opaque.get("/admin/tenants/globex").statusCode()).isEqualTo(200);
        assertThat(opaque.post("/admin/tenants", Map.of("tenant_slug", "ro-co", "name", "x")).statusCode()).isEqualTo(403);
    }

    @Test
    void aSuspendedTenantsUsersCannotSignInAndItsServiceAccountsGetNoTokens() throws Exception {
        assertThat(SignIn.asUser(issuer, "gina", "gina-password-12", "globex", "openid").error()).isNull();
        String etag = platform.get("/admin/tenants/globex").headers().firstValue("ETag").orElseThrow();
        assertThat(platform.patch("/admin/tenants/globex", Map.of("status", "suspended"), "If-Match", etag).statusCode()).isEqualTo(200);
        assertThat(SignIn.asUser(issuer, "gina", "gina-password-12", "globex", "openid").error()).isEqualTo("access_denied");
        assertThatThrownBy(() -> AdminApi.clientCredentials(issuer, "globex-service", "globex-service-secret-0123456789", "inventory.read"))
                .hasMessageContaining("unauthorized_client");
        String suspended = platform.get("/admin/tenants/globex").headers().firstValue("ETag").orElseThrow();
        assertThat(platform.patch("/admin/tenants/globex", Map.of("status", "active"), "If-Match", suspended).statusCode()).isEqualTo(200);
    }

    // ---- tenant settings at sign-in --------------------------------------------------------------------------------

    @Test
    void theSignInPageShowsTheTenantsBranding() {
        newTenant("brand-co");
        HttpResponse<String> patched = platform.patch("/admin/tenants/brand-co", Map.of("settings", Map.of("branding", Map.of(
                "display_name", "Brand & Co", "logo_url", "https://cdn.example.com/brand.png", "primary_color", "#FFCC00"))),
                "If-Match", "\"0\"");
        assertThat(patched.statusCode()).as(patched.body()).isEqualTo(200);
        africa.bengobox.auth.support.Browser browser = new africa.bengobox.auth.support.Browser(issuer);
        HttpResponse<String> login = browser.follow(browser.get("/authorize?response_type=code&client_id=web-app&scope=openid"
                + "&redirect_uri=" + SignIn.CALLBACK + "&code_challenge=E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
                + "&code_challenge_method=S256&tenant=brand-co"));
        assertThat(login.body()).contains("<p class=\"tenant-name\">Brand &amp; Co</p>")
                .contains("src=\"https://cdn.example.com/brand.png\"").contains("href=\"/css/tenant/brand-co.css\"");
        String css = browser.get("/css/tenant/brand-co.css").body();
        assertThat(css).contains("--primary:#ffcc00").contains("--primary-contrast:#000000");
        assertThat(browser.get("/css/tenant/acme.css").statusCode()).isEqualTo(404);
        HttpResponse<String> plain = new africa.bengobox.auth.support.Browser(issuer).follow(new africa.bengobox.auth.support.Browser(issuer)
                .get("/login"));
        assertThat(plain.body()).doesNotContain("tenant-branding");
    }

    @Test
    void aTenantsAccessTokenLifetimeShortensItsUsersTokens() throws Exception {
        String tenantId = (String) newTenant("short-co").get("id");
        assertThat(platform.patch("/admin/tenants/short-co", Map.of("settings", Map.of("lifetimes", Map.of("access_token_seconds", 120))),
                "If-Match", "\"0\"").statusCode()).isEqualTo(200);
        assertThat(platform.put("/admin/tenants/" + tenantId + "/memberships/" + userId("gina"), Map.of("roles", List.of("staff")))
                .statusCode()).isEqualTo(200);
        var claims = com.nimbusds.jwt.SignedJWT.parse(SignIn.asUser(issuer, "gina", "gina-password-12", "short-co", "openid")
                .accessToken()).getJWTClaimsSet();
        assertThat(claims.getExpirationTime().toInstant().getEpochSecond() - claims.getIssueTime().toInstant().getEpochSecond())
                .isEqualTo(120);
        var other = com.nimbusds.jwt.SignedJWT.parse(SignIn.asUser(issuer, "alice", "alice-password-1", "acme", "openid")
                .accessToken()).getJWTClaimsSet();
        assertThat(other.getExpirationTime().toInstant().getEpochSecond() - other.getIssueTime().toInstant().getEpochSecond())
                .isEqualTo(300);
    }

    @Test
    void aMembershipChangedSinceItWasReadIsNotOverwritten() {
        String tenantId = (String) newTenant("member-tag-co").get("id");
        String path = "/admin/tenants/" + tenantId + "/memberships/" + userId("gina");
        assertThat(platform.get(path).statusCode()).isEqualTo(404);
        HttpResponse<String> created = platform.put(path, Map.of("roles", List.of("staff")));
        assertThat(created.statusCode()).isEqualTo(200);
        String read = platform.get(path).headers().firstValue("ETag").orElseThrow();
        assertThat(created.headers().firstValue("ETag")).contains(read);

        // two administrators read the same membership; the first change wins, the second is refused, not merged
        HttpResponse<String> first = platform.put(path, Map.of("roles", List.of("staff", "cashier")), "If-Match", read);
        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(first.headers().firstValue("ETag")).isPresent().get().isNotEqualTo(read);
        HttpResponse<String> second = platform.put(path, Map.of("roles", List.of("manager")), "If-Match", read);
        assertThat(second.statusCode()).isEqualTo(412);
        assertThat(second.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
        assertThat(AdminApi.map(platform.get(path).body()).get("roles")).isEqualTo(List.of("cashier", "staff"));

        assertThat(platform.put(path, Map.of("roles", List.of("manager")), "If-Match", "\"0\"").statusCode()).isEqualTo(412);
        assertThat(platform.put(path, Map.of("roles", List.of("manager")), "If-Match", "not-an-etag").statusCode()).isEqualTo(412);
        String other = "/admin/tenants/" + tenantId + "/memberships/" + userId("alice");
        assertThat(platform.put(other, Map.of("roles", List.of("staff")), "If-Match", read).statusCode()).isEqualTo(412);
        assertThat(platform.get(other).statusCode()).isEqualTo(404);
    }

    @Test
    void aRolesClaimOverTheConfiguredSizeIsRefusedWhenTheMembershipIsSet() {
        String tenantId = (String) newTenant("roles-co").get("id");
        List<String> many = java.util.stream.IntStream.range(0, 80).mapToObj(i -> "role-number-" + i).toList();
        HttpResponse<String> refused = platform.put("/admin/tenants/" + tenantId + "/memberships/" + userId("gina"), Map.of("roles", many));
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(AdminApi.map(refused.body()).get("detail").toString()).contains("max-roles-claim-bytes");
        assertThat(jdbc.sql("select count(*) from tenant_memberships where tenant_id = :t").param("t", UUID.fromString(tenantId))
                .query(Long.class).single()).isZero();
    }

    @Test
    void groupsAndOutletLimitedBindingsGrantRolesThatReachTheTokens() throws Exception {
        String tenantId = (String) newTenant("group-co").get("id");
        String outletId = (String) created(platform.post("/admin/tenants/group-co/outlets", Map.of("slug", "till", "name", "Till"))).get("id");
        String gina = userId("gina").toString();
        assertThat(platform.put("/admin/tenants/group-co/memberships/" + gina, Map.of("roles", List.of("staff"))).statusCode()).isEqualTo(200);
        String groupId = (String) created(platform.post("/admin/tenants/group-co/groups", Map.of("name", "managers"),
                "Idempotency-Key", "managers-group")).get("id");
        assertThat(created(platform.post("/admin/tenants/group-co/groups", Map.of("name", "managers"), "Idempotency-Key", "managers-group"))
                .get("id")).isEqualTo(groupId);
        assertThat(platform.put("/admin/tenants/group-co/groups/" + groupId + "/members/" + gina, Map.of()).statusCode()).isEqualTo(204);
        created(platform.post("/admin/tenants/group-co/role-bindings", Map.of("role", "manager", "group_id", groupId)));
        Map<String, Object> outletBinding = created(platform.post("/admin/tenants/group-co/role-bindings",
                Map.of("role", "cashier", "user_id", gina, "outlet_id", outletId)));

        var claims = com.nimbusds.jwt.SignedJWT.parse(SignIn.asUser(issuer, "gina", "gina-password-12", "group-co", "openid")
                .accessToken()).getJWTClaimsSet();
        assertThat(claims.getStringListClaim("roles")).containsExactly("cashier", "manager", "staff");
        assertThat(jdbc.sql("select count(*) from outbox_events where type = :t and tenant_id = :id")
                .param("t", EventTypes.MEMBERSHIP_CHANGED).param("id", tenantId).query(Long.class).single()).isGreaterThanOrEqualTo(3);

        assertThat(platform.delete("/admin/tenants/group-co/role-bindings/" + outletBinding.get("id")).statusCode()).isEqualTo(204);
        assertThat(platform.delete("/admin/tenants/group-co/groups/" + groupId).statusCode()).isEqualTo(204);
        var after = com.nimbusds.jwt.SignedJWT.parse(SignIn.asUser(issuer, "gina", "gina-password-12", "group-co", "openid")
                .accessToken()).getJWTClaimsSet();
        assertThat(after.getStringListClaim("roles")).containsExactly("staff");

        AdminApi acme = new AdminApi(issuer, AdminApi.clientCredentials(issuer, "acme-ops", "acme-ops-secret-0123456789", "admin:tenants"));
        assertThat(acme.post("/admin/groups", Map.of("name", "everyone")).statusCode()).isEqualTo(403);
        String platformGroup = (String) created(platform.post("/admin/groups", Map.of("name", "auditors"))).get("id");
        String otherGroup = (String) created(platform.post("/admin/tenants/group-co/groups", Map.of("name", "theirs"))).get("id");
        assertThat(acme.post("/admin/tenants/acme/role-bindings", Map.of("role", "auditor", "group_id", otherGroup)).statusCode())
                .isEqualTo(400);
        assertThat(acme.post("/admin/tenants/acme/role-bindings", Map.of("role", "auditor", "group_id", platformGroup)).statusCode())
                .isEqualTo(201);
        assertThat(acme.get("/admin/tenants/group-co/groups").statusCode()).isEqualTo(403);
    }
}
