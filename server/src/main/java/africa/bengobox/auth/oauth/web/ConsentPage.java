package africa.bengobox.auth.oauth.web;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import africa.bengobox.auth.oauth.login.SignedInUser;
import org.springframework.context.MessageSource;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationConsent;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationConsentService;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** The consent page for third-party clients, in the authorization code and the device flows. */
@Controller
class ConsentPage {

    record ScopeView(String name, String description) {
    }

    private final RegisteredClientRepository clients;
    private final OAuth2AuthorizationConsentService consents;
    private final MessageSource messages;

    ConsentPage(RegisteredClientRepository clients, OAuth2AuthorizationConsentService consents, MessageSource messages) {
        this.clients = clients;
        this.consents = consents;
        this.messages = messages;
    }

    @GetMapping("/consent")
    String consent(Authentication principal, Model model, Locale locale,
                   @RequestParam(name = "client_id") String clientId,
                   @RequestParam(name = "scope", defaultValue = "") String scope,
                   @RequestParam(name = "state") String state,
                   @RequestParam(name = "user_code", required = false) String userCode) {
        RegisteredClient client = clients.findByClientId(clientId);
        if (client == null || state.length() > 512 || scope.length() > 2000) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST);
        }
        OAuth2AuthorizationConsent current = consents.findById(client.getId(), principal.getName());
        Set<String> granted = current == null ? Set.of() : current.getScopes();
        List<ScopeView> toApprove = new ArrayList<>();
        List<ScopeView> approved = new ArrayList<>();
        for (String s : new LinkedHashSet<>(Arrays.asList(scope.trim().split("\\s+")))) {
            if (s.isEmpty()) {
                continue;
            }
            ScopeView view = new ScopeView(s, describe(s, locale));
            (granted.contains(s) ? approved : toApprove).add(view);
        }
        model.addAttribute("clientId", clientId);
        model.addAttribute("clientName", client.getClientName());
        model.addAttribute("state", state);
        model.addAttribute("scopes", toApprove);
        model.addAttribute("approvedScopes", approved);
        model.addAttribute("principalName", SignedInUser.isUser(principal) ? SignedInUser.username(principal) : principal.getName());
        model.addAttribute("userCode", userCode);
        model.addAttribute("action", userCode != null ? "/device" : "/authorize");
        return "consent";
    }

    private String describe(String scope, Locale locale) {
        return messages.getMessage("scope." + scope, null,
                messages.getMessage("scope.other", new Object[] {scope}, scope, locale), locale);
    }
}
