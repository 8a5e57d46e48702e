package africa.bengobox.auth.account;

import africa.bengobox.auth.audit.AuditEvent;
import africa.bengobox.auth.audit.AuditService;
import africa.bengobox.auth.identity.AccountProperties;
import africa.bengobox.auth.identity.LinkToken;
import africa.bengobox.auth.identity.LinkTokenService;
import africa.bengobox.auth.identity.PasswordPolicy;
import africa.bengobox.auth.identity.User;
import africa.bengobox.auth.identity.UserService;
import africa.bengobox.auth.mail.MailService;
import africa.bengobox.auth.mail.OutgoingMail;
import africa.bengobox.auth.oauth.store.HashedAuthorizationService;
import africa.bengobox.auth.tenancy.TenancyService;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * Forgotten passwords: a single-use, expiring link by email. The request is answered the same way whether or not the
 * address has an account; completing the reset ends the user's sessions and revokes every token issued to them.
 */
@Controller
class PasswordResetPages {

    private final UserService users;
    private final TenancyService tenancy;
    private final PasswordPolicy passwordPolicy;
    private final LinkTokenService links;
    private final MailService mail;
    private final AccountProperties properties;
    private final AbuseLimits limits;
    private final HashedAuthorizationService authorizations;
    private final AuditService audit;
    private final AccountWeb web;
    private final TransactionTemplate transaction;

    private final FormErrors errors;

    PasswordResetPages(UserService users, TenancyService tenancy, PasswordPolicy passwordPolicy, LinkTokenService links,
                       MailService mail, AccountProperties properties, AbuseLimits limits,
                       HashedAuthorizationService authorizations, AuditService audit, AccountWeb web,
                       TransactionTemplate transaction, FormErrors errors) {
        this.errors = errors;
        this.users = users;
        this.tenancy = tenancy;
        this.passwordPolicy = passwordPolicy;
        this.links = links;
        this.mail = mail;
        this.properties = properties;
        this.limits = limits;
        this.authorizations = authorizations;
        this.audit = audit;
        this.web = web;
        this.transaction = transaction;
    }

    @GetMapping("/password/forgot")
    String forgotForm() {
        return "password-forgot";
    }

    @PostMapping("/password/forgot")
    String forgot(@RequestParam(name = "email", required = false) String email, HttpServletRequest request) {
        String address = AccountWeb.field(email);
        limits.check(AbuseLimits.Action.PASSWORD_RESET, AccountWeb.ip(request), address);
        if (address != null && address.length() <= 320) {
            users.findByEmail(address).filter(u -> u.status() == User.Status.ACTIVE || u.status() == User.Status.PENDING)
                    .ifPresent(user -> transaction.executeWithoutResult(status -> {
                        String token = links.issue(LinkToken.Purpose.PASSWORD_RESET, user.id(), null, null, properties.resetTtl());
                        mail.send(new OutgoingMail(user.email(), AccountWeb.locale(), "password-reset",
                                Map.of("username", user.username(), "link", web.link("/password/reset", token),
                                        "minutes", properties.resetTtl().toMinutes())));
                    }));
        }
        return "redirect:/password/forgot?sent";
    }

    @GetMapping("/password/reset")
    String resetForm(@RequestParam(name = "token", required = false) String token, Model model) {
        LinkToken link = links.peek(LinkToken.Purpose.PASSWORD_RESET, token);
        return page(model, token, link.userId(), null);
    }

    @PostMapping("/password/reset")
    String reset(@RequestParam(name = "token", required = false) String token,
                 @RequestParam(name = "password", required = false) String password,
                 HttpServletRequest request, HttpServletResponse response, Model model) {
        LinkToken peeked = links.peek(LinkToken.Purpose.PASSWORD_RESET, token);
        User user = users.findById(peeked.userId()).orElseThrow(() -> new LinkToken.RefusedException(LinkToken.Refusal.UNKNOWN));
        try {
            passwordPolicy.check(password, tenantMinimum(user.id()), user.username(), user.email());
        } catch (IllegalArgumentException e) {
            response.setStatus(HttpStatus.BAD_REQUEST.value());
            return page(model, token, user.id(), errors.of(e));
        }
        transaction.executeWithoutResult(status -> {
            LinkToken link = links.consume(LinkToken.Purpose.PASSWORD_RESET, token, null);
            users.setPassword(link.userId(), password);
            // the link came to the address, which proves it as well as a verification link
            users.markEmailVerified(link.userId());
            int revoked = authorizations.revokeAllOfPrincipal(link.userId().toString(), "password_reset");
            audit.record(new AuditEvent("user", link.userId().toString(), null, "user.password_reset", "user",
                    link.userId().toString(), AccountWeb.ip(request), Map.of("revoked_authorizations", revoked)));
        });
        return "redirect:/login?reset";
    }

    /** The highest minimum length among the user's tenants' password policies, if any sets one. */
    private Integer tenantMinimum(UUID userId) {
        return tenancy.membershipsOf(userId).stream().map(m -> m.tenant().settings().passwordPolicy())
                .filter(Objects::nonNull).map(p -> p.minLength()).filter(Objects::nonNull).max(Integer::compare).orElse(null);
    }

    private String page(Model model, String token, UUID userId, String error) {
        model.addAttribute("token", token);
        model.addAttribute("formError", error);
        model.addAttribute("minLength", passwordPolicy.minimumLength(tenantMinimum(userId)));
        return "password-reset";
    }
}
