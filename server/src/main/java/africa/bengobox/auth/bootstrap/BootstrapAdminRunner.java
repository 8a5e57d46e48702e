package africa.bengobox.auth.bootstrap;

import africa.bengobox.auth.audit.AuditEvent;
import africa.bengobox.auth.audit.AuditService;
import africa.bengobox.auth.config.BootstrapProperties;
import africa.bengobox.auth.config.StartupCheckException;
import africa.bengobox.auth.identity.NewUser;
import africa.bengobox.auth.identity.User;
import africa.bengobox.auth.identity.UserService;
import africa.bengobox.auth.tenancy.TenancyService;
import africa.bengobox.auth.tenancy.Tenant;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Makes sure the platform tenant exists and, when nobody administers the platform yet, creates the first
 * administrator: from BENGOBOX_BOOTSTRAP_ADMIN_USERNAME / _PASSWORD, or with a random password printed once.
 * Runs after the import file, so an import that declares an administrator suppresses it.
 */
@Component
@Order(2)
class BootstrapAdminRunner implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(BootstrapAdminRunner.class);

    private final TenancyService tenancy;
    private final UserService users;
    private final AuditService audit;
    private final BootstrapProperties properties;
    private final TransactionTemplate tx;

    BootstrapAdminRunner(TenancyService tenancy, UserService users, AuditService audit, BootstrapProperties properties,
                         TransactionTemplate tx) {
        this.tenancy = tenancy;
        this.users = users;
        this.audit = audit;
        this.properties = properties;
        this.tx = tx;
        String password = properties.admin().password();
        if (password != null && (password.length() < UserService.MIN_PASSWORD || password.length() > UserService.MAX_PASSWORD)) {
            throw new StartupCheckException("bengobox.bootstrap.admin.password must be " + UserService.MIN_PASSWORD + " to "
                    + UserService.MAX_PASSWORD + " characters long.", "Change BENGOBOX_BOOTSTRAP_ADMIN_PASSWORD, or unset it to have one generated.");
        }
    }

    @Override
    public void run(ApplicationArguments args) {
        tx.executeWithoutResult(status -> {
            Tenant platform = tenancy.findBySlug(TenancyService.PLATFORM_TENANT)
                    .orElseGet(() -> tenancy.upsertTenant(TenancyService.PLATFORM_TENANT, "BengoBox Platform"));
            if (tenancy.platformAdminExists()) {
                return;
            }
            BootstrapProperties.Admin admin = properties.admin();
            if (users.findByUsername(admin.username()).isPresent()) {
                log.warn("No platform administrator exists and the user '{}' is taken by an account that is not one; "
                        + "set BENGOBOX_BOOTSTRAP_ADMIN_USERNAME to another name", admin.username());
                return;
            }
            boolean generated = admin.password() == null;
            String password = generated ? randomPassword() : admin.password();
            User user = users.upsert(new NewUser(admin.username(), null, false, password, null));
            tenancy.setMembership(platform.id(), user.id(), List.of(TenancyService.PLATFORM_ADMIN_ROLE));
            audit.record(AuditEvent.system("bootstrap.admin_created", "user", user.id().toString(),
                    Map.of("generated_password", generated)));
            if (generated) {
                log.warn("Created the platform administrator '{}' with the generated password {} ; it is shown only this once: "
                        + "sign in and change it", user.username(), password);
            } else {
                log.info("Created the platform administrator '{}' from BENGOBOX_BOOTSTRAP_ADMIN_*", user.username());
            }
        });
    }

    private static String randomPassword() {
        byte[] bytes = new byte[18];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
