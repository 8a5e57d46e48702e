package africa.bengobox.auth.oauth.web;

import africa.bengobox.auth.oauth.store.ConsentStore;
import java.util.List;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationConsent;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** The account page where a user sees the third-party applications they consented to, and withdraws consent. */
@Controller
class ConsentsPage {

    record ConsentView(String clientId, String clientName, List<String> scopes) {
    }

    private final ConsentStore consents;
    private final RegisteredClientRepository clients;

    ConsentsPage(ConsentStore consents, RegisteredClientRepository clients) {
        this.consents = consents;
        this.clients = clients;
    }

    @GetMapping("/account/consents")
    String list(Authentication user, Model model) {
        model.addAttribute("consents", consents.findByPrincipal(user.getName()).stream().map(this::view)
                .filter(v -> v.clientId() != null).toList());
        return "account-consents";
    }

    @PostMapping("/account/consents/revoke")
    String revoke(Authentication user, @RequestParam("client_id") String clientId) {
        RegisteredClient client = clients.findByClientId(clientId);
        if (client != null) {
            consents.withdraw(client.getId(), user.getName());
        }
        return "redirect:/account/consents?revoked";
    }

    private ConsentView view(OAuth2AuthorizationConsent consent) {
        RegisteredClient client = clients.findById(consent.getRegisteredClientId());
        List<String> scopes = consent.getAuthorities().stream().map(GrantedAuthority::getAuthority)
                .filter(a -> a.startsWith("SCOPE_")).map(a -> a.substring("SCOPE_".length())).sorted().toList();
        return new ConsentView(client == null ? null : client.getClientId(), client == null ? null : client.getClientName(), scopes);
    }
}
