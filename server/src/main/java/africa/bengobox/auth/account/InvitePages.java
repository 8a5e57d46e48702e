package africa.bengobox.auth.account;

import africa.bengobox.auth.identity.AccountProperties;
import africa.bengobox.auth.mail.MailService;
import africa.bengobox.auth.mail.OutgoingMail;
import africa.bengobox.auth.tenancy.TenancyService;
import africa.bengobox.auth.tenancy.Tenant;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Arrays;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.savedrequest.HttpSessionRequestCache;
import org.springframework.stereotype.Controller;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * Invitations: tenant administrators invite at {@code /account/invites} (signed in, CSRF-protected); invitees open
 * {@code /invite?token=...} and accept with their account (signing in first if needed) or a new one.
 */
@Controller
class InvitePages {

    private final InviteService invites;
    private final TenancyService tenancy;
    private final MailService mail;
    private final AccountWeb web;
    private final TransactionTemplate transaction;
    private final AccountProperties properties;
    private final HttpSessionRequestCache requestCache = new HttpSessionRequestCache();

    private final FormErrors errors;

    InvitePages(InviteService invites, TenancyService tenancy, MailService mail, AccountWeb web, TransactionTemplate transaction,
                AccountProperties properties, FormErrors errors) {
        this.errors = errors;
        this.properties = properties;
        this.invites = invites;
        this.tenancy = tenancy;
        this.mail = mail;
        this.web = web;
        this.transaction = transaction;
    }

    @GetMapping("/account/invites")
    String list(@RequestParam(name = "tenant", required = false) String slug, Authentication user, Model model) {
        UUID userId = UUID.fromString(user.getName());
        model.addAttribute("tenants", tenancy.membershipsOf(userId).stream().map(m -> m.tenant())
                .filter(t -> invites.mayInvite(userId, t)).toList());
        Tenant tenant = slug == null ? null : tenancy.findBySlug(slug).filter(t -> invites.mayInvite(userId, t)).orElse(null);
        model.addAttribute("tenant", tenant);
        model.addAttribute("pending", tenant == null ? java.util.List.of() : invites.pending(tenant));
        return "account-invites";
    }

    @PostMapping("/account/invites")
    String invite(@RequestParam(name = "tenant", required = false) String slug,
                  @RequestParam(name = "email", required = false) String email,
                  @RequestParam(name = "roles", required = false) String roles,
                  Authentication user, HttpServletRequest request, HttpServletResponse response, Model model) {
        UUID userId = UUID.fromString(user.getName());
        try {
            transaction.executeWithoutResult(status -> {
                InviteService.Issued issued = invites.invite(userId, slug == null ? "" : slug, AccountWeb.field(email),
                        roles == null ? java.util.List.of() : Arrays.asList(roles.split("[\\s,]+")), AccountWeb.ip(request));
                mail.send(new OutgoingMail(issued.invite().email(), AccountWeb.locale(), "invite",
                        Map.of("tenant", issued.invite().tenant().name(), "link", web.link("/invite", issued.token()),
                                "days", Math.max(1, properties.inviteTtl().toDays()))));
            });
            return "redirect:/account/invites?tenant=" + slug + "&sent";
        } catch (IllegalArgumentException e) {
            response.setStatus(HttpStatus.BAD_REQUEST.value());
            model.addAttribute("formError", errors.of(e));
            return list(slug, user, model);
        }
    }

    @GetMapping("/invite")
    String show(@RequestParam(name = "token", required = false) String token, Authentication user,
                HttpServletRequest request, HttpServletResponse response, Model model) {
        InviteService.PendingInvite invite = invites.peek(token);
        boolean signedIn = signedIn(user);
        if (!signedIn) {
            // after signing in, the sign-in page brings the person back here
            requestCache.saveRequest(request, response);
        }
        model.addAttribute("token", token);
        model.addAttribute("invite", invite);
        model.addAttribute("signedIn", signedIn);
        return "invite";
    }

    @PostMapping("/invite/accept")
    String accept(@RequestParam(name = "token", required = false) String token,
                  @RequestParam(name = "username", required = false) String username,
                  @RequestParam(name = "password", required = false) String password,
                  Authentication user, HttpServletRequest request, HttpServletResponse response, Model model) {
        if (signedIn(user)) {
            InviteService.PendingInvite invite = invites.peek(token);
            invites.acceptAsExisting(token, UUID.fromString(user.getName()), AccountWeb.ip(request));
            model.addAttribute("messageKey", "invite.accepted");
            model.addAttribute("messageArg", invite.tenant().name());
            return "account-message";
        }
        try {
            InviteService.PendingInvite invite = invites.peek(token);
            invites.acceptAsNew(token, AccountWeb.field(username), password, AccountWeb.ip(request));
            model.addAttribute("messageKey", "invite.acceptedNew");
            model.addAttribute("messageArg", invite.tenant().name());
            return "account-message";
        } catch (IllegalArgumentException e) {
            response.setStatus(HttpStatus.BAD_REQUEST.value());
            model.addAttribute("formError", errors.of(e));
            model.addAttribute("username", AccountWeb.field(username));
            return show(token, user, request, response, model);
        }
    }

    private static boolean signedIn(Authentication user) {
        return user != null && user.isAuthenticated() && !(user instanceof AnonymousAuthenticationToken);
    }
}
