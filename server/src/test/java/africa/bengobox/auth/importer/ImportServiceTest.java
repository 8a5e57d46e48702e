package africa.bengobox.auth.importer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import africa.bengobox.auth.identity.UserService;
import africa.bengobox.auth.oauth.client.ClientService;
import africa.bengobox.auth.support.Db;
import africa.bengobox.auth.tenancy.TenancyService;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.simple.JdbcClient;

@SpringBootTest
@ExtendWith(OutputCaptureExtension.class)
class ImportServiceTest {

    private static final String USER_PASSWORD = "imported-Pa55word-visible";
    private static final String CLIENT_SECRET = "imported-client-secret-visible";

    @Autowired ImportService importService;
    @Autowired JdbcClient jdbc;
    @Autowired TenancyService tenancy;
    @Autowired UserService users;
    @Autowired ClientService clients;
    @Autowired africa.bengobox.auth.oauth.client.ClientSecretHasher hasher;
    @TempDir Path dir;

    private Path write(String name, String yaml) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, yaml);
        return file;
    }

    private String demo(String tenantName, String email) {
        return """
                tenants:
                  - slug: acme
                    name: %s
                    outlets: [{slug: westlands, name: Westlands}, {slug: cbd, name: CBD}]
                users:
                  - username: alice
                    email: %s
                    email_verified: true
                    password: "%s"
                    memberships: [{tenant: acme, roles: [staff, cashier]}]
                clients:
                  - client_id: pos-web
                    client_secret: "%s"
                    redirect_uris: ["http://127.0.0.1:9999/callback"]
                    post_logout_redirect_uris: ["http://127.0.0.1:9999/"]
                    grant_types: [authorization_code, refresh_token, client_credentials, "urn:ietf:params:oauth:grant-type:device_code"]
                    scopes: [openid, profile, email, offline_access]
                    require_consent: false
                    tenant: acme
                  - client_id: pos-mobile
                    redirect_uris: ["bengobox.pos:/callback"]
                    grant_types: [authorization_code]
                    scopes: [openid, profile]
                """.formatted(tenantName, email, USER_PASSWORD, CLIENT_SECRET);
    }

    @Test
    void applyingTwiceCreatesNothingTwiceAndAppliesUpdates(CapturedOutput output) throws IOException {
        importService.apply(write("demo.yaml", demo("Acme Foods", "alice@example.com")));
        long tenants = Db.count(jdbc, "tenants");
        long outlets = Db.count(jdbc, "outlets");
        long usersCount = Db.count(jdbc, "users");
        long clientsCount = Db.count(jdbc, "oauth_clients");
        long bindings = Db.count(jdbc, "role_bindings");
        long uris = Db.count(jdbc, "oauth_client_redirect_uris");

        importService.apply(write("demo2.yaml", demo("Acme Foods Ltd", "Alice@Example.com")));

        assertThat(Db.count(jdbc, "tenants")).isEqualTo(tenants);
        assertThat(Db.count(jdbc, "outlets")).isEqualTo(outlets);
        assertThat(Db.count(jdbc, "users")).isEqualTo(usersCount);
        assertThat(Db.count(jdbc, "oauth_clients")).isEqualTo(clientsCount);
        assertThat(Db.count(jdbc, "role_bindings")).isEqualTo(bindings);
        assertThat(Db.count(jdbc, "oauth_client_redirect_uris")).isEqualTo(uris);

        assertThat(tenancy.findBySlug("acme")).get().extracting(t -> t.name()).isEqualTo("Acme Foods Ltd");
        var alice = users.findByUsername("alice").orElseThrow();
        assertThat(alice.email()).isEqualTo("alice@example.com");
        assertThat(tenancy.membershipsOf(alice.id())).singleElement()
                .satisfies(m -> assertThat(m.roles()).containsExactly("cashier", "staff"));
        assertThat(clients.findByClientId("pos-web")).get()
                .satisfies(c -> assertThat(c.tenantId()).isEqualTo(tenancy.findBySlug("acme").orElseThrow().id()));
        assertThat(clients.findByClientId("pos-mobile")).get().satisfies(c -> assertThat(c.confidential()).isFalse());
        assertThat(users.authenticate("alice", USER_PASSWORD)).isPresent();

        assertThat(Db.anyColumnContains(jdbc, USER_PASSWORD)).isFalse();
        assertThat(Db.anyColumnContains(jdbc, CLIENT_SECRET)).isFalse();
        assertThat(output.getAll()).doesNotContain(USER_PASSWORD).doesNotContain(CLIENT_SECRET);
    }

    @Test
    void generatedClientSecretsAreMadeOnceShownOnceAndStoredHashed(CapturedOutput output) throws IOException {
        Path file = write("generated.yaml", """
                clients:
                  - client_id: generated-service
                    client_secret: generate
                    grant_types: [client_credentials]
                    scopes: [inventory.read]
                """);
        importService.apply(file);
        var matcher = java.util.regex.Pattern.compile("Generated the secret of client 'generated-service': (\\S+) ;")
                .matcher(output.getAll());
        assertThat(matcher.find()).isTrue();
        String secret = matcher.group(1);
        assertThat(java.util.Base64.getUrlDecoder().decode(secret)).hasSize(32);
        String hash = clients.findByClientId("generated-service").orElseThrow().secretHash();
        assertThat(hasher.matches(secret, hash)).isTrue();
        assertThat(Db.anyColumnContains(jdbc, secret)).isFalse();

        importService.apply(file);
        assertThat(clients.findByClientId("generated-service").orElseThrow().secretHash()).as("kept across imports").isEqualTo(hash);
        assertThat(output.getAll().split("Generated the secret of client 'generated-service'", -1)).hasSize(2);
    }

    @Test
    void rolesAreSetExactly() throws IOException {
        importService.apply(write("a.yaml", """
                tenants: [{slug: roles-co, name: Roles Co}]
                users: [{username: bob, memberships: [{tenant: roles-co, roles: [staff, manager]}]}]
                """));
        importService.apply(write("b.yaml", """
                users: [{username: bob, memberships: [{tenant: roles-co, roles: [manager]}]}]
                """));
        var bob = users.findByUsername("bob").orElseThrow();
        assertThat(tenancy.membershipsOf(bob.id())).singleElement().satisfies(m -> assertThat(m.roles()).containsExactly("manager"));
    }

    @Test
    void yamlSyntaxErrorNamesFileAndLine() throws IOException {
        Path file = write("broken.yaml", """
                tenants:
                  - slug: ok-one
                    name: [unclosed
                users: []
                """);
        assertThatThrownBy(() -> importService.apply(file))
                .isInstanceOf(ImportFileException.class)
                .hasMessageContaining(file.toString())
                .satisfies(e -> assertThat(((ImportFileException) e).line()).isBetween(3, 4));
    }

    @Test
    void invalidValueNamesItsLineAndWritesNothing() throws IOException {
        long before = Db.count(jdbc, "tenants");
        Path file = write("bad-slug.yaml", """
                tenants:
                  - slug: good-one
                    name: Good
                  - slug: Bad_Slug
                    name: Bad
                """);
        assertThatThrownBy(() -> importService.apply(file))
                .isInstanceOf(ImportFileException.class)
                .hasMessageContaining("line 4")
                .hasMessageContaining("Bad_Slug");
        assertThat(Db.count(jdbc, "tenants")).isEqualTo(before);
        assertThat(tenancy.findBySlug("good-one")).isEmpty();
    }

    @Test
    void unknownKeysAndDanglingReferencesAreRefused() throws IOException {
        Path unknown = write("unknown.yaml", """
                users:
                  - username: carol
                    pasword: typo-in-the-key
                """);
        assertThatThrownBy(() -> importService.apply(unknown)).hasMessageContaining("line 3").hasMessageContaining("pasword");

        Path dangling = write("dangling.yaml", """
                users:
                  - username: dave
                    memberships:
                      - tenant: nowhere
                        roles: [staff]
                """);
        assertThatThrownBy(() -> importService.apply(dangling)).hasMessageContaining("line 4").hasMessageContaining("nowhere");
        assertThat(users.findByUsername("dave")).isEmpty();
    }

    @Test
    void clientRulesAreEnforced() throws IOException {
        Path publicM2m = write("m2m.yaml", """
                clients:
                  - client_id: robot
                    grant_types: [client_credentials]
                """);
        assertThatThrownBy(() -> importService.apply(publicM2m)).hasMessageContaining("public client");
        Path publicRefresh = write("public-refresh.yaml", """
                clients:
                  - client_id: phone
                    redirect_uris: ["bengobox.pos:/callback"]
                    grant_types: [authorization_code, refresh_token]
                """);
        assertThatThrownBy(() -> importService.apply(publicRefresh)).hasMessageContaining("refresh_token");

        Path fragment = write("fragment.yaml", """
                clients:
                  - client_id: web
                    grant_types: [authorization_code]
                    redirect_uris: ["https://app.example.com/cb#frag"]
                """);
        assertThatThrownBy(() -> importService.apply(fragment)).hasMessageContaining("line 4").hasMessageContaining("fragment");
    }
}
