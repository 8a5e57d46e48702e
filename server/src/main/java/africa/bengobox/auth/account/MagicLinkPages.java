package africa.bengobox.auth.account;

import africa.bengobox.auth.audit.AuditEvent;
import africa.bengobox.auth.audit.AuditService;
import africa.bengobox.auth.identity.AccountProperties;
import africa.bengobox.auth.identity.LinkToken;
import africa.bengobox.auth.identity.LinkTokenService;
import africa.bengobox.auth.identity.User;
import africa.bengobox.auth.identity.UserService;
import africa.bengobox.auth.mail.MailService;
import africa.bengobox.auth.mail.OutgoingMail;
import africa.bengobox.auth.oauth.login.BrowserSignIn;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Arrays;
import java.util.Map;
import africa.bengobox.auth.tenancy.TenancyService;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseCookie;
import org.springframework.security.web.savedrequest.HttpSessionRequestCache;
import org.springframework.security.web.savedrequest.SavedRequest;
import org.springframework.ui.Model;
import org.springframework.stereotype.Controller;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * Passwordless sign-in: a single-use, short-lived link by email, bound to the browser that asked for it by a random
 * value in an HttpOnly cookie (only its hash is stored with the link). Opened in that browser, the link signs the user
 * in and continues the authorization request that was waiting, like the password form would.
 */
@Controller
class MagicLinkPages {

    static final String BINDING_COOKIE = "BBMAGIC";
    static final String METHOD = "magic_link";

    private final UserService users;
    private final LinkTokenService links;
    private final MailService mail;
    private final AccountProperties properties;
    private final AbuseLimits limits;
    private final BrowserSignIn signIn;
    private final AuditService audit;
    private final AccountWeb web;
    private final TransactionTemplate transaction;
    private final TenancyService tenancy;
    private final HttpSessionRequestCache requestCache = new HttpSessionRequestCache();

    MagicLinkPages(UserService users, LinkTokenService links, MailService mail, AccountProperties properties,
                   AbuseLimits limits, BrowserSignIn signIn, AuditService audit, AccountWeb web, TransactionTemplate transaction,
                   TenancyService tenancy) {
        this.tenancy = tenancy;
        this.users = users;
        this.links = links;
        this.mail = mail;
        this.properties = properties;
        this.limits = limits;
        this.signIn = signIn;
        this.audit = audit;
        this.web = web;
        this.transaction = transaction;
    }

    @GetMapping("/login/magic")
    String form(HttpServletRequest request, HttpServletResponse response, Model model) {
        if (!allowedForPendingRequest(request, response)) {
            response.setStatus(HttpStatus.FORBIDDEN.value());
            return RegistrationPages.message(model, "magic.notAllowed");
        }
        return "magic-link";
    }

    @PostMapping("/login/magic")
    String request(@RequestParam(name = "email", required = false) String email, HttpServletRequest request,
                   HttpServletResponse response, Model model) {
        if (!allowedForPendingRequest(request, response)) {
            response.setStatus(HttpStatus.FORBIDDEN.value());
            return RegistrationPages.message(model, "magic.notAllowed");
        }
        String address = AccountWeb.field(email);
        limits.check(AbuseLimits.Action.MAGIC_LINK, AccountWeb.ip(request), address);
        String binding = binding(request);
        if (binding == null) {
            binding = LinkTokenService.randomToken();
        }
        // set for every request, so that the answer does not tell whether the address has an account
        response.addHeader("Set-Cookie", ResponseCookie.from(BINDING_COOKIE, binding).httpOnly(true).sameSite("Lax")
                .secure(request.isSecure()).path("/login/magic").maxAge(properties.magicLinkTtl()).build().toString());
        String browser = binding;
        if (address != null && address.length() <= 320) {
            users.findByEmail(address).filter(User::active).ifPresent(user -> transaction.executeWithoutResult(status -> {
                String token = links.issue(LinkToken.Purpose.MAGIC_LINK, user.id(), null, browser, properties.magicLinkTtl());
                mail.send(new OutgoingMail(user.email(), AccountWeb.locale(), "magic-link",
                        Map.of("username", user.username(), "link", web.link("/login/magic/verify", token),
                                "minutes", properties.magicLinkTtl().toMinutes())));
            }));
        }
        return "redirect:/login/magic?sent";
    }

    @GetMapping("/login/magic/verify")
    void verify(@RequestParam(name = "token", required = false) String token, HttpServletRequest request,
                HttpServletResponse response) throws IOException, ServletException {
        String binding = binding(request);
        User user = transaction.execute(status -> {
            LinkToken link = links.consume(LinkToken.Purpose.MAGIC_LINK, token, binding == null ? "" : binding);
            User found = users.findById(link.userId()).filter(User::active)
                    .orElseThrow(() -> new LinkToken.RefusedException(LinkToken.Refusal.UNKNOWN));
            audit.record(new AuditEvent("user", found.id().toString(), null, "user.magic_link_login", "user",
                    found.id().toString(), AccountWeb.ip(request), Map.of()));
            return found;
        });
        signIn.signIn(request, response, user.id(), user.username(), BrowserSignIn.Method.MAGIC_LINK);
    }

    /**
     * A tenant may limit its sign-in methods ({@code login_methods}); when the waiting authorization request names a
     * tenant that does not allow {@value #METHOD}, magic links are refused for it.
     */
    private boolean allowedForPendingRequest(HttpServletRequest request, HttpServletResponse response) {
        SavedRequest saved = requestCache.getRequest(request, response);
        String[] tenant = saved == null ? null : saved.getParameterValues("tenant");
        if (tenant == null || tenant.length == 0) {
            return true;
        }
        return tenancy.findBySlug(tenant[0]).map(t -> t.settings().allows(METHOD)).orElse(true);
    }

    private static String binding(HttpServletRequest request) {
        Cookie[] cookies = request.getCookies();
        return cookies == null ? null : Arrays.stream(cookies).filter(c -> BINDING_COOKIE.equals(c.getName()))
                .map(Cookie::getValue).filter(v -> v.length() <= 100).findFirst().orElse(null);
    }
}
