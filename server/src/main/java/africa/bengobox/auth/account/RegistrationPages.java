package africa.bengobox.auth.account;

import africa.bengobox.auth.audit.AuditEvent;
import africa.bengobox.auth.audit.AuditService;
import africa.bengobox.auth.identity.AccountProperties;
import africa.bengobox.auth.identity.AccountProperties.RegistrationPolicy;
import africa.bengobox.auth.identity.LinkToken;
import africa.bengobox.auth.identity.LinkTokenService;
import africa.bengobox.auth.identity.PasswordPolicy;
import africa.bengobox.auth.identity.User;
import africa.bengobox.auth.identity.UserService;
import africa.bengobox.auth.mail.MailService;
import africa.bengobox.auth.mail.OutgoingMail;
import africa.bengobox.auth.tenancy.TenancyService;
import africa.bengobox.auth.tenancy.Tenant;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * Self-registration under the registration policy of the tenant named by {@code ?tenant=} (or the platform default
 * {@code bengobox.auth.account.registration}), with email verification before the first sign-in.
 */
@Controller
class RegistrationPages {

    private final UserService users;
    private final TenancyService tenancy;
    private final PasswordPolicy passwordPolicy;
    private final LinkTokenService links;
    private final MailService mail;
    private final AccountProperties properties;
    private final AbuseLimits limits;
    private final AuditService audit;
    private final AccountWeb web;
    private final TransactionTemplate transaction;

    private final FormErrors errors;

    RegistrationPages(UserService users, TenancyService tenancy, PasswordPolicy passwordPolicy, LinkTokenService links,
                      MailService mail, AccountProperties properties, AbuseLimits limits, AuditService audit,
                      AccountWeb web, TransactionTemplate transaction, FormErrors errors) {
        this.errors = errors;
        this.users = users;
        this.tenancy = tenancy;
        this.passwordPolicy = passwordPolicy;
        this.links = links;
        this.mail = mail;
        this.properties = properties;
        this.limits = limits;
        this.audit = audit;
        this.web = web;
        this.transaction = transaction;
    }

    @GetMapping("/register")
    String form(@RequestParam(name = "tenant", required = false) String tenantSlug, HttpServletResponse response, Model model) {
        Optional<Tenant> tenant = tenant(tenantSlug);
        if (tenantSlug != null && tenant.isEmpty()) {
            response.setStatus(HttpStatus.NOT_FOUND.value());
            return message(model, "register.unknownTenant");
        }
        RegistrationPolicy policy = policy(tenant);
        if (policy != RegistrationPolicy.OPEN) {
            response.setStatus(HttpStatus.FORBIDDEN.value());
            return message(model, policy == RegistrationPolicy.INVITE_ONLY ? "register.inviteOnly" : "register.closed");
        }
        return page(model, tenant, null, null, null);
    }

    @PostMapping("/register")
    String register(@RequestParam(name = "username", required = false) String username,
                    @RequestParam(name = "email", required = false) String email,
                    @RequestParam(name = "password", required = false) String password,
                    @RequestParam(name = "tenant", required = false) String tenantSlug,
                    HttpServletRequest request, HttpServletResponse response, Model model) {
        Optional<Tenant> tenant = tenant(AccountWeb.field(tenantSlug));
        if (AccountWeb.field(tenantSlug) != null && tenant.isEmpty() || policy(tenant) != RegistrationPolicy.OPEN) {
            response.setStatus(HttpStatus.FORBIDDEN.value());
            return message(model, "register.closed");
        }
        limits.check(AbuseLimits.Action.REGISTRATION, AccountWeb.ip(request), email);
        String name = AccountWeb.field(username);
        String address = AccountWeb.field(email);
        try {
            if (address != null) {
                UserService.requireEmail(address);
            }
            Integer tenantMin = tenant.map(t -> t.settings().passwordPolicy()).map(p -> p.minLength()).orElse(null);
            passwordPolicy.check(password, tenantMin, name, address);
            boolean verified = !properties.requireEmailVerification();
            transaction.executeWithoutResult(status -> {
                User user = users.register(name, address, password, verified, tenant.map(Tenant::id).orElse(null));
                tenant.ifPresent(t -> tenancy.setMembership(t.id(), user.id(), List.of()));
                audit.record(new AuditEvent("user", user.id().toString(), tenant.map(Tenant::id).orElse(null),
                        "user.registered", "user", user.id().toString(), AccountWeb.ip(request), Map.of()));
                if (!verified) {
                    String token = links.issue(LinkToken.Purpose.EMAIL_VERIFICATION, user.id(), null, null, properties.verificationTtl());
                    mail.send(new OutgoingMail(user.email(), AccountWeb.locale(), "verify-email",
                            Map.of("username", user.username(), "link", web.link("/register/verify", token),
                                    "hours", properties.verificationTtl().toHours())));
                }
            });
            return message(model, verified ? "register.done" : "register.checkEmail");
        } catch (IllegalArgumentException e) {
            response.setStatus(HttpStatus.BAD_REQUEST.value());
            return page(model, tenant, name, address, errors.of(e));
        }
    }

    @GetMapping("/register/verify")
    String verify(@RequestParam(name = "token", required = false) String token, HttpServletRequest request, Model model) {
        transaction.executeWithoutResult(status -> {
            LinkToken link = links.consume(LinkToken.Purpose.EMAIL_VERIFICATION, token, null);
            users.markEmailVerified(link.userId());
            audit.record(new AuditEvent("user", link.userId().toString(), null, "user.email_verified", "user",
                    link.userId().toString(), AccountWeb.ip(request), Map.of()));
        });
        return message(model, "register.verified");
    }

    private Optional<Tenant> tenant(String slug) {
        return slug == null || slug.length() > 63 ? Optional.empty() : tenancy.findBySlug(slug).filter(Tenant::active);
    }

    private RegistrationPolicy policy(Optional<Tenant> tenant) {
        return tenant.map(t -> RegistrationPolicy.parse(t.settings().registration())).orElse(null) instanceof RegistrationPolicy p
                ? p : properties.registration();
    }

    private String page(Model model, Optional<Tenant> tenant, String username, String email, String error) {
        model.addAttribute("tenant", tenant.map(Tenant::slug).orElse(null));
        model.addAttribute("tenantName", tenant.map(Tenant::name).orElse(null));
        model.addAttribute("username", username);
        model.addAttribute("email", email);
        model.addAttribute("formError", error);
        model.addAttribute("minLength", passwordPolicy.minimumLength(
                tenant.map(t -> t.settings().passwordPolicy()).map(p -> p.minLength()).orElse(null)));
        return "register";
    }

    static String message(Model model, String key) {
        model.addAttribute("messageKey", key);
        return "account-message";
    }
}
