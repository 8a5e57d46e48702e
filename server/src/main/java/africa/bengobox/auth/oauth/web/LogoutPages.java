package africa.bengobox.auth.oauth.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.web.authentication.logout.SecurityContextLogoutHandler;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * Logout requested by a client without {@code id_token_hint}: the user confirms, the SSO session ends, and the
 * browser returns to the client only if the URI is registered for that client.
 */
@Controller
class LogoutPages {

    private final RegisteredClientRepository clients;

    LogoutPages(RegisteredClientRepository clients) {
        this.clients = clients;
    }

    @GetMapping("/logout/confirm")
    String confirm(@RequestParam(name = "client_id", required = false) String clientId, Model model) {
        RegisteredClient client = clientId == null ? null : clients.findByClientId(clientId);
        model.addAttribute("clientName", client == null ? null : client.getClientName());
        return "logout-confirm";
    }

    @PostMapping("/logout/confirm")
    String logout(HttpServletRequest request, HttpServletResponse response, Authentication authentication,
                  @RequestParam(name = "client_id", required = false) String clientId,
                  @RequestParam(name = "post_logout_redirect_uri", required = false) String redirectUri,
                  @RequestParam(name = "state", required = false) String state) {
        new SecurityContextLogoutHandler().logout(request, response, authentication);
        RegisteredClient client = clientId == null ? null : clients.findByClientId(clientId);
        if (client != null && redirectUri != null && client.getPostLogoutRedirectUris().contains(redirectUri)) {
            String target = redirectUri + (state == null ? "" : (redirectUri.contains("?") ? "&" : "?") + "state="
                    + URLEncoder.encode(state, StandardCharsets.UTF_8));
            return "redirect:" + target;
        }
        return "redirect:/logged-out";
    }
}
