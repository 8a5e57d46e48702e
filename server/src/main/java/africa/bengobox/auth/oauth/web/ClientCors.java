package africa.bengobox.auth.oauth.web;

import africa.bengobox.auth.oauth.client.ClientService;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.CorsConfigurationSource;

/**
 * Browser apps (single-page POS and dashboard apps) call the token, revocation, userinfo and discovery endpoints
 * from JavaScript. An origin is allowed when it is the origin of a registered redirect URI; no credentials
 * (cookies) are ever allowed cross-origin.
 */
public class ClientCors implements CorsConfigurationSource {

    private static final Set<String> ENDPOINTS = Set.of("/token", "/revoke", "/userinfo", "/.well-known/openid-configuration",
            "/.well-known/oauth-authorization-server", "/.well-known/jwks.json");

    private final ClientService clients;

    public ClientCors(ClientService clients) {
        this.clients = clients;
    }

    @Override
    public CorsConfiguration getCorsConfiguration(HttpServletRequest request) {
        String origin = request.getHeader("Origin");
        if (!ENDPOINTS.contains(request.getServletPath()) || !clients.isClientOrigin(origin)) {
            return null;
        }
        CorsConfiguration cors = new CorsConfiguration();
        cors.setAllowedOrigins(List.of(origin));
        cors.setAllowedMethods(List.of("GET", "POST", "OPTIONS"));
        cors.setAllowedHeaders(List.of("Authorization", "Content-Type", "DPoP"));
        cors.setAllowCredentials(false);
        cors.setMaxAge(Duration.ofHours(1));
        return cors;
    }
}
