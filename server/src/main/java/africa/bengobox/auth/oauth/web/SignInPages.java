package africa.bengobox.auth.oauth.web;

import africa.bengobox.auth.oauth.login.SignedInUser;
import africa.bengobox.auth.tenancy.TenancyService;
import africa.bengobox.auth.web.WebConfiguration;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Locale;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.web.savedrequest.HttpSessionRequestCache;
import org.springframework.security.web.savedrequest.SavedRequest;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.servlet.LocaleResolver;

/** Home and sign-in pages. The sign-in page reads login_hint, ui_locales and the client from the pending request. */
@Controller
class SignInPages {

    private final RegisteredClientRepository clients;
    private final LocaleResolver localeResolver;
    private final TenancyService tenancy;
    private final HttpSessionRequestCache requestCache = new HttpSessionRequestCache();

    SignInPages(RegisteredClientRepository clients, LocaleResolver localeResolver, TenancyService tenancy) {
        this.clients = clients;
        this.localeResolver = localeResolver;
        this.tenancy = tenancy;
    }

    @GetMapping("/")
    String home(Authentication authentication, Model model) {
        model.addAttribute("username", SignedInUser.isUser(authentication) ? SignedInUser.username(authentication) : null);
        return "home";
    }

    @GetMapping("/login")
    String login(HttpServletRequest request, HttpServletResponse response, Model model) {
        SavedRequest saved = requestCache.getRequest(request, response);
        String loginHint = null;
        String clientName = null;
        boolean magicLink = true;
        if (saved != null) {
            String tenant = first(saved, "tenant");
            // a tenant may limit its sign-in methods; the magic-link page refuses too, this only spares the detour
            magicLink = tenant == null || tenancy.findBySlug(tenant).map(t -> t.settings().allows("magic_link")).orElse(true);
            loginHint = first(saved, "login_hint");
            String clientId = first(saved, "client_id");
            RegisteredClient client = clientId == null ? null : clients.findByClientId(clientId);
            clientName = client == null ? null : client.getClientName();
            Locale uiLocale = WebConfiguration.fromUiLocales(first(saved, "ui_locales"));
            if (uiLocale != null && request.getParameter("lang") == null) {
                localeResolver.setLocale(request, response, uiLocale);
            }
        }
        model.addAttribute("loginHint", loginHint != null && loginHint.length() <= 320 ? loginHint : null);
        model.addAttribute("clientName", clientName);
        model.addAttribute("magicLinkAllowed", magicLink);
        return "login";
    }

    @GetMapping("/logged-out")
    String loggedOut() {
        return "logged-out";
    }

    private static String first(SavedRequest saved, String name) {
        String[] values = saved.getParameterValues(name);
        return values == null || values.length == 0 ? null : values[0];
    }
}
