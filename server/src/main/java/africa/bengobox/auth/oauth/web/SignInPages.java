package africa.bengobox.auth.oauth.web;

import africa.bengobox.auth.oauth.login.SignedInUser;
import africa.bengobox.auth.oauth.token.TenantContext;
import africa.bengobox.auth.tenancy.TenancyService;
import africa.bengobox.auth.tenancy.Tenant;
import africa.bengobox.auth.tenancy.TenantSettings;
import africa.bengobox.auth.web.WebConfiguration;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Locale;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.web.savedrequest.HttpSessionRequestCache;
import org.springframework.security.web.savedrequest.SavedRequest;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.servlet.LocaleResolver;

/**
 * Home and sign-in pages. The sign-in page reads login_hint, ui_locales, the client and the tenant (whose branding it
 * shows) from the pending request.
 */
@Controller
class SignInPages {

    /** A tenant's branding on the sign-in page; {@code stylesheet} is set when the tenant has its own colour. */
    record Branding(String displayName, String logoUrl, String stylesheet) {
    }

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
        Branding branding = null;
        if (saved != null) {
            String tenant = first(saved, TenantContext.TENANT_PARAMETER);
            // a tenant may limit its sign-in methods; the magic-link page refuses too, this only spares the detour
            magicLink = tenant == null || tenancy.findBySlug(tenant).map(t -> t.settings().allows("magic_link")).orElse(true);
            branding = branding(tenant);
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
        model.addAttribute("branding", branding);
        return "login";
    }

    /** The branding of the active tenant the pending authorization request names, if it has any. */
    private Branding branding(String slug) {
        TenantSettings.Branding b = tenancy.findBySlug(slug).filter(Tenant::active).map(t -> t.settings().branding()).orElse(null);
        if (b == null) {
            return null;
        }
        return new Branding(b.displayName(), b.logoUrl(), b.primaryColor() == null ? null : "/css/tenant/" + slug + ".css");
    }

    /**
     * A tenant's colours as a stylesheet (the CSP allows no inline styles): its primary colour, a darker hover, and
     * black or white text on it, whichever contrasts more.
     */
    @GetMapping("/css/tenant/{slug}.css")
    ResponseEntity<String> tenantStylesheet(@PathVariable String slug) {
        String color = tenancy.findBySlug(slug).filter(Tenant::active).map(t -> t.settings().branding())
                .map(TenantSettings.Branding::primaryColor).orElse(null);
        if (color == null) {
            return ResponseEntity.notFound().build();
        }
        int rgb = Integer.parseInt(color.substring(1), 16);
        double luminance = luminance(rgb >> 16) * 0.2126 + luminance((rgb >> 8) & 0xff) * 0.7152 + luminance(rgb & 0xff) * 0.0722;
        String contrast = (luminance + 0.05) / 0.05 > 1.05 / (luminance + 0.05) ? "#000000" : "#ffffff";
        String hover = String.format("#%02x%02x%02x", (rgb >> 16) * 85 / 100, ((rgb >> 8) & 0xff) * 85 / 100, (rgb & 0xff) * 85 / 100);
        return ResponseEntity.ok().contentType(MediaType.valueOf("text/css")).cacheControl(CacheControl.maxAge(java.time.Duration.ofMinutes(5)))
                .body(":root{--primary:" + color.toLowerCase(Locale.ROOT) + ";--primary-hover:" + hover
                        + ";--primary-contrast:" + contrast + "}\n");
    }

    /** WCAG relative luminance of one sRGB channel. */
    private static double luminance(int channel) {
        double c = channel / 255.0;
        return c <= 0.04045 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
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
