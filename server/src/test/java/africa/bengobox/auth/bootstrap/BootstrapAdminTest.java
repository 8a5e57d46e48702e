package africa.bengobox.auth.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import africa.bengobox.auth.identity.UserService;
import africa.bengobox.auth.support.TestApps;
import africa.bengobox.auth.tenancy.TenancyService;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BootstrapAdminTest {

    @TempDir Path dataDir;

    @Test
    void configuredAdminIsCreatedOnceAndNotRecreated() {
        List<String> args = new ArrayList<>(TestApps.sharedStorage(dataDir));
        args.add("--bengobox.bootstrap.admin.username=root-admin");
        args.add("--bengobox.bootstrap.admin.password=correct-horse-battery");
        try (var ctx = TestApps.start(args)) {
            UserService users = ctx.getBean(UserService.class);
            TenancyService tenancy = ctx.getBean(TenancyService.class);
            var admin = users.authenticate("root-admin", "correct-horse-battery").orElseThrow();
            assertThat(tenancy.membershipsOf(admin.id())).singleElement().satisfies(m -> {
                assertThat(m.tenant().slug()).isEqualTo("platform");
                assertThat(m.roles()).containsExactly("platform_admin");
            });
        }
        args.set(args.size() - 2, "--bengobox.bootstrap.admin.username=another-admin");
        try (var ctx = TestApps.start(args)) {
            assertThat(ctx.getBean(UserService.class).findByUsername("another-admin")).isEmpty();
            assertThat(ctx.getBean(TenancyService.class).platformAdminExists()).isTrue();
        }
    }

    @Test
    void importedAdministratorSuppressesTheBootstrapOne() throws Exception {
        Path file = dataDir.resolve("import.yaml");
        Files.writeString(file, """
                tenants: [{slug: platform, name: Platform}]
                users:
                  - username: ops
                    password: "operations-password"
                    memberships: [{tenant: platform, roles: [platform_admin]}]
                """);
        List<String> args = new ArrayList<>(TestApps.sharedStorage(dataDir));
        args.add("--bengobox.auth.import=" + file);
        try (var ctx = TestApps.start(args)) {
            assertThat(ctx.getBean(UserService.class).findByUsername("admin")).isEmpty();
            assertThat(ctx.getBean(UserService.class).findByUsername("ops")).isPresent();
        }
    }
}
