package africa.bengobox.auth.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import africa.bengobox.auth.support.AdminApi;
import africa.bengobox.auth.support.SignIn;
import africa.bengobox.auth.support.TestApps;
import africa.bengobox.auth.support.WebhookReceiver;
import africa.bengobox.auth.tenancy.TenancyService;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Delivery across restarts and across nodes sharing one database. */
class WebhookNodesTest {

    @TempDir Path dataDir;

    List<String> args(List<String> storage, boolean delivery) {
        List<String> args = new ArrayList<>(storage);
        args.add("--bengobox.auth.events.delivery=" + delivery);
        args.add("--bengobox.auth.events.poll-interval=50ms");
        args.add("--bengobox.auth.events.batch-size=5");
        return args;
    }

    @Test
    void anEventCommittedBeforeTheServerStopsIsDeliveredAfterTheRestart() {
        List<String> storage = TestApps.sharedStorage(dataDir);
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            try (ConfigurableApplicationContext first = TestApps.start(args(storage, false))) {
                WebhookSecret sub = first.getBean(WebhookService.class)
                        .create(new NewWebhook(null, receiver.url(), Set.of(EventTypes.TENANT_CREATED), null, null));
                receiver.trust(sub.secret());
                first.getBean(TenancyService.class).createTenant("restart-co", "Restart Co", null);
                assertThat(first.getBean(JdbcClient.class).sql("select count(*) from webhook_deliveries where status = 'pending'")
                        .query(Long.class).single()).isOne();
            }
            assertThat(receiver.received()).isEmpty();
            try (ConfigurableApplicationContext second = TestApps.start(args(storage, true))) {
                await().atMost(Duration.ofSeconds(30)).until(() -> receiver.received().size() == 1);
                WebhookReceiver.Received event = receiver.received().getFirst();
                assertThat(event.type()).isEqualTo(EventTypes.TENANT_CREATED);
                assertThat(event.data()).containsEntry("tenant_slug", "restart-co");
                assertThat(event.validSignature()).isTrue();
            }
        }
    }

    /**
     * The "done when", with the server stopped in the middle: everything is committed on a node that does not
     * deliver, and a restarted node delivers it all, correctly signed.
     */
    @Test
    void tenantCreatedThroughTheApiAndASignInAreDeliveredByTheRestartedServer() throws Exception {
        List<String> storage = new ArrayList<>(TestApps.sharedStorage(dataDir));
        storage.add("--bengobox.auth.import=src/test/resources/admin-import.yaml");
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            String tenantId;
            try (ConfigurableApplicationContext first = TestApps.start(args(storage, false))) {
                String issuer = first.getEnvironment().getProperty("bengobox.auth.issuer");
                AdminApi platform = new AdminApi(issuer, AdminApi.clientCredentials(issuer, "platform-ops",
                        "platform-ops-secret-0123456789", "admin:tenants admin:webhooks"));
                var sub = AdminApi.map(platform.post("/admin/webhooks", java.util.Map.of("url", receiver.url(),
                        "event_types", List.of(EventTypes.TENANT_CREATED, EventTypes.TENANT_SYNCED, EventTypes.OUTLET_SYNCED))).body());
                receiver.trust((String) sub.get("secret"));
                var tenant = AdminApi.map(platform.post("/admin/tenants", java.util.Map.of("tenant_slug", "halfway", "name", "Halfway")).body());
                tenantId = (String) tenant.get("id");
                assertThat(platform.post("/admin/tenants/halfway/outlets", java.util.Map.of("slug", "main", "name", "Main")).statusCode())
                        .isEqualTo(201);
                UUID alice = first.getBean(JdbcClient.class).sql("select id from users where username = 'alice'").query(UUID.class).single();
                assertThat(platform.put("/admin/tenants/halfway/memberships/" + alice, java.util.Map.of("roles", List.of("staff")))
                        .statusCode()).isEqualTo(200);
                assertThat(SignIn.asUser(issuer, "alice", "alice-password-1", "halfway", "openid").error()).isNull();
            }
            assertThat(receiver.received()).isEmpty();
            try (ConfigurableApplicationContext second = TestApps.start(args(storage, true))) {
                await().atMost(Duration.ofSeconds(30)).until(() -> receiver.received().size() == 4);
                assertThat(receiver.received()).allMatch(WebhookReceiver.Received::validSignature)
                        .allMatch(r -> tenantId.equals(r.json().get("tenant_id")));
                assertThat(receiver.received()).extracting(WebhookReceiver.Received::type).containsExactlyInAnyOrder(
                        EventTypes.TENANT_CREATED, EventTypes.OUTLET_SYNCED, EventTypes.TENANT_SYNCED, EventTypes.OUTLET_SYNCED);
            }
        }
    }

    @Test
    void twoNodesOnOneDatabaseDeliverEachEventOnce() {
        List<String> storage = TestApps.sharedStorage(dataDir);
        int events = 60;
        try (WebhookReceiver receiver = new WebhookReceiver();
             ConfigurableApplicationContext a = TestApps.start(args(storage, true));
             ConfigurableApplicationContext b = TestApps.start(args(storage, true))) {
            receiver.trust(a.getBean(WebhookService.class)
                    .create(new NewWebhook(null, receiver.url(), Set.of(EventTypes.TENANT_CREATED), null, null)).secret());
            for (int i = 0; i < events; i++) {
                (i % 2 == 0 ? a : b).getBean(TenancyService.class).createTenant("node-co-" + i, "Node Co " + i, null);
            }
            await().atMost(Duration.ofSeconds(60)).until(() -> a.getBean(JdbcClient.class)
                    .sql("select count(*) from webhook_deliveries where status = 'delivered'").query(Long.class).single() == events);
            List<WebhookReceiver.Received> received = receiver.received();
            assertThat(received).hasSize(events).allMatch(WebhookReceiver.Received::validSignature);
            assertThat(received.stream().map(WebhookReceiver.Received::id).collect(Collectors.toSet())).hasSize(events);
            assertThat(a.getBean(JdbcClient.class).sql("select max(attempts) from webhook_deliveries").query(Integer.class).single())
                    .isOne();
        }
    }
}
