package africa.bengobox.auth.account;

import africa.bengobox.auth.audit.AuditEvent;
import africa.bengobox.auth.audit.AuditService;
import africa.bengobox.auth.identity.AccountProperties;
import africa.bengobox.auth.identity.LinkToken;
import africa.bengobox.auth.identity.LinkTokenService;
import africa.bengobox.auth.identity.PasswordPolicy;
import africa.bengobox.auth.identity.User;
import africa.bengobox.auth.identity.UserProfile;
import africa.bengobox.auth.identity.UserService;
import africa.bengobox.auth.mail.MailService;
import africa.bengobox.auth.mail.OutgoingMail;
import africa.bengobox.auth.oauth.login.BrowserSignIn;
import africa.bengobox.auth.oauth.store.HashedAuthorizationService;
import africa.bengobox.auth.tenancy.TenancyService;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Controller;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Account self-service at {@code /account}: profile, password, email address, memberships, the data export and
 * account deletion. Every change needs the signed-in session and the CSRF token; password, email and deletion also
 * the current password.
 */
@Controller
class AccountPages {

    private static final JsonMapper EXPORT_JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    private final UserService users;
    private final TenancyService tenancy;
    private final PasswordPolicy passwordPolicy;
    private final LinkTokenService links;
    private final MailService mail;
    private final AccountProperties properties;
    private final AbuseLimits limits;
    private final HashedAuthorizationService authorizations;
    private final PrivacyService privacy;
    private final BrowserSignIn signIn;
    private final AuditService audit;
    private final AccountWeb web;
    private final TransactionTemplate transaction;

    private final FormErrors errors;

    AccountPages(UserService users, TenancyService tenancy, PasswordPolicy passwordPolicy, LinkTokenService links,
                 MailService mail, AccountProperties properties, AbuseLimits limits,
                 HashedAuthorizationService authorizations, PrivacyService privacy, BrowserSignIn signIn,
                 AuditService audit, AccountWeb web, TransactionTemplate transaction, FormErrors errors) {
        this.errors = errors;
        this.users = users;
        this.tenancy = tenancy;
        this.passwordPolicy = passwordPolicy;
        this.links = links;
        this.mail = mail;
        this.properties = properties;
        this.limits = limits;
        this.authorizations = authorizations;
        this.privacy = privacy;
        this.signIn = signIn;
        this.audit = audit;
        this.web = web;
        this.transaction = transaction;
    }

    @GetMapping("/account")
    String account(Authentication authentication, Model model) {
        UUID userId = UUID.fromString(authentication.getName());
        User user = users.findById(userId).orElseThrow(() -> new SecurityException("account no longer exists"));
        model.addAttribute("user", user);
        if (!model.containsAttribute("profile")) {
            model.addAttribute("profile", users.profile(userId));
        }
        model.addAttribute("memberships", tenancy.membershipsOf(userId));
        model.addAttribute("minLength", passwordPolicy.minimumLength(tenantMinimum(userId)));
        return "account";
    }

    @PostMapping("/account/profile")
    String profile(@RequestParam(name = "given_name", required = false) String givenName,
                   @RequestParam(name = "family_name", required = false) String familyName,
                   @RequestParam(name = "phone_number", required = false) String phone,
                   @RequestParam(name = "locale", required = false) String locale,
                   @RequestParam(name = "picture", required = false) String picture,
                   Authentication authentication, HttpServletRequest request, HttpServletResponse response, Model model) {
        UUID userId = UUID.fromString(authentication.getName());
        UserProfile old = users.profile(userId);
        UserProfile updated = new UserProfile(userId, AccountWeb.field(givenName), AccountWeb.field(familyName),
                displayName(AccountWeb.field(givenName), AccountWeb.field(familyName)), AccountWeb.field(phone),
                Objects.equals(old.phoneNumber(), AccountWeb.field(phone)) && old.phoneVerified(),
                AccountWeb.field(locale), old.zoneinfo(), AccountWeb.field(picture));
        try {
            transaction.executeWithoutResult(status -> {
                users.updateProfile(updated);
                audit.record(new AuditEvent("user", userId.toString(), null, "user.profile_updated", "user",
                        userId.toString(), AccountWeb.ip(request), Map.of()));
            });
            return "redirect:/account?saved";
        } catch (IllegalArgumentException e) {
            response.setStatus(HttpStatus.BAD_REQUEST.value());
            model.addAttribute("profileError", errors.of(e));
            model.addAttribute("profile", updated);
            return account(authentication, model);
        }
    }

    @PostMapping("/account/password")
    String password(@RequestParam(name = "current_password", required = false) String current,
                    @RequestParam(name = "new_password", required = false) String password,
                    Authentication authentication, HttpServletRequest request, HttpServletResponse response, Model model) {
        UUID userId = UUID.fromString(authentication.getName());
        User user = users.findById(userId).orElseThrow(() -> new SecurityException("account no longer exists"));
        try {
            if (!users.passwordMatches(userId, current)) {
                throw new IllegalArgumentException("current_password is not right");
            }
            passwordPolicy.check(password, tenantMinimum(userId), user.username(), user.email());
        } catch (IllegalArgumentException e) {
            response.setStatus(HttpStatus.BAD_REQUEST.value());
            model.addAttribute("passwordError", errors.of(e));
            return account(authentication, model);
        }
        transaction.executeWithoutResult(status -> {
            users.setPassword(userId, password);
            int revoked = authorizations.revokeAllOfPrincipal(userId.toString(), "password_changed");
            audit.record(new AuditEvent("user", userId.toString(), null, "user.password_changed", "user",
                    userId.toString(), AccountWeb.ip(request), Map.of("revoked_authorizations", revoked)));
        });
        // every other session ended with the change; this one proved the password and carries on
        signIn.renew(request, response, userId, user.username());
        return "redirect:/account?passwordChanged";
    }

    @PostMapping("/account/email")
    String email(@RequestParam(name = "email", required = false) String email,
                 @RequestParam(name = "current_password", required = false) String current,
                 Authentication authentication, HttpServletRequest request, HttpServletResponse response, Model model) {
        UUID userId = UUID.fromString(authentication.getName());
        String address = AccountWeb.field(email);
        limits.check(AbuseLimits.Action.EMAIL_CHANGE, AccountWeb.ip(request), userId.toString());
        try {
            if (!users.passwordMatches(userId, current)) {
                throw new IllegalArgumentException("current_password is not right");
            }
            UserService.requireEmail(address);
            if (users.findByEmail(address).filter(u -> !u.id().equals(userId)).isPresent()) {
                throw new IllegalArgumentException("email is already registered to another account");
            }
        } catch (IllegalArgumentException e) {
            response.setStatus(HttpStatus.BAD_REQUEST.value());
            model.addAttribute("emailError", errors.of(e));
            return account(authentication, model);
        }
        transaction.executeWithoutResult(status -> {
            String token = links.issue(LinkToken.Purpose.EMAIL_CHANGE, userId, address.toLowerCase(java.util.Locale.ROOT),
                    null, properties.verificationTtl());
            mail.send(new OutgoingMail(address, AccountWeb.locale(), "email-change",
                    Map.of("link", web.link("/email/verify", token), "hours", properties.verificationTtl().toHours())));
        });
        return "redirect:/account?emailSent";
    }

    /** Public: the link may be opened in another browser than the one that asked for the change. */
    @GetMapping("/email/verify")
    String verifyEmail(@RequestParam(name = "token", required = false) String token, HttpServletRequest request,
                       HttpServletResponse response, Model model) {
        try {
            transaction.executeWithoutResult(status -> {
                LinkToken link = links.consume(LinkToken.Purpose.EMAIL_CHANGE, token, null);
                String previous = users.findById(link.userId()).map(User::email).orElse(null);
                users.changeEmail(link.userId(), link.email());
                if (previous != null && !previous.equalsIgnoreCase(link.email())) {
                    // the old address hears of it, in case the change was not its owner's doing
                    mail.send(new OutgoingMail(previous, AccountWeb.locale(), "email-changed", Map.of("email", link.email())));
                }
                audit.record(new AuditEvent("user", link.userId().toString(), null, "user.email_changed", "user",
                        link.userId().toString(), AccountWeb.ip(request), Map.of()));
            });
        } catch (IllegalArgumentException e) {
            response.setStatus(HttpStatus.CONFLICT.value());
            return RegistrationPages.message(model, "email.taken");
        }
        return RegistrationPages.message(model, "email.changed");
    }

    /** A download, whatever the browser says it accepts. */
    @GetMapping("/account/export")
    @ResponseBody
    ResponseEntity<byte[]> export(Authentication authentication) {
        return ResponseEntity.ok()
                .contentType(MediaType.APPLICATION_JSON)
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"bengobox-account.json\"")
                .header(HttpHeaders.CACHE_CONTROL, "no-store")
                .body(EXPORT_JSON.writeValueAsBytes(privacy.export(UUID.fromString(authentication.getName()))));
    }

    @PostMapping("/account/delete")
    String delete(@RequestParam(name = "current_password", required = false) String current,
                  @RequestParam(name = "confirm", required = false) String confirm,
                  Authentication authentication, HttpServletRequest request, HttpServletResponse response, Model model)
            throws ServletException {
        UUID userId = UUID.fromString(authentication.getName());
        if (!users.passwordMatches(userId, current) || !"delete".equals(confirm)) {
            response.setStatus(HttpStatus.BAD_REQUEST.value());
            model.addAttribute("deleteError", errors.of(new IllegalArgumentException("current_password is not right, or the deletion is not confirmed")));
            return account(authentication, model);
        }
        try {
            privacy.delete(userId, AccountWeb.ip(request));
        } catch (IllegalArgumentException e) {
            response.setStatus(HttpStatus.CONFLICT.value());
            model.addAttribute("deleteError", errors.of(e));
            return account(authentication, model);
        }
        request.logout();
        SecurityContextHolder.clearContext();
        if (request.getSession(false) != null) {
            request.getSession(false).invalidate();
        }
        return "redirect:/logged-out?deleted";
    }

    private Integer tenantMinimum(UUID userId) {
        return tenancy.membershipsOf(userId).stream().map(m -> m.tenant().settings().passwordPolicy())
                .filter(Objects::nonNull).map(p -> p.minLength()).filter(Objects::nonNull).max(Integer::compare).orElse(null);
    }

    private static String displayName(String given, String family) {
        if (given == null && family == null) {
            return null;
        }
        return ((given == null ? "" : given) + " " + (family == null ? "" : family)).trim();
    }
}
