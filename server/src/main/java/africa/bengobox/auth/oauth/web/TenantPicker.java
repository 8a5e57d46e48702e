package africa.bengobox.auth.oauth.web;

import africa.bengobox.auth.oauth.login.SignedInUser;
import africa.bengobox.auth.oauth.token.TenantContext;
import africa.bengobox.auth.tenancy.Membership;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;

/** Lets a user with several tenant memberships choose the one to sign in to, then resumes the authorization request. */
@Controller
class TenantPicker {

    record TenantView(String slug, String name) {
    }

    private final TenantContext tenants;

    TenantPicker(TenantContext tenants) {
        this.tenants = tenants;
    }

    @GetMapping("/tenant")
    String choose(Authentication user, @RequestParam("continue") String continueUrl, Model model) {
        model.addAttribute("tenants", choices(user).stream().map(m -> new TenantView(m.tenant().slug(), m.tenant().name())).toList());
        model.addAttribute("continueUrl", safeContinue(continueUrl));
        return "tenant-picker";
    }

    @PostMapping("/tenant")
    String chosen(Authentication user, @RequestParam("continue") String continueUrl, @RequestParam("tenant") String slug) {
        String target = safeContinue(continueUrl);
        if (choices(user).stream().noneMatch(m -> m.tenant().slug().equals(slug))) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST);
        }
        return "redirect:" + target + "&" + TenantContext.TENANT_PARAMETER + "=" + URLEncoder.encode(slug, StandardCharsets.UTF_8);
    }

    private List<Membership> choices(Authentication user) {
        if (!SignedInUser.isUser(user)) {
            throw new ResponseStatusException(HttpStatus.FORBIDDEN);
        }
        return switch (tenants.resolve(SignedInUser.userId(user), null)) {
            case TenantContext.Resolution.MustChoose choose -> choose.memberships();
            case TenantContext.Resolution.Acting acting -> List.of(acting.membership());
            default -> List.of();
        };
    }

    /** Only ever resume an authorization request on this server: no open redirect. */
    private static String safeContinue(String continueUrl) {
        if (continueUrl == null || !continueUrl.startsWith("/authorize?") || continueUrl.contains("\r") || continueUrl.contains("\n")
                || continueUrl.length() > 4096 || continueUrl.contains("&tenant=")) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST);
        }
        return continueUrl;
    }
}
