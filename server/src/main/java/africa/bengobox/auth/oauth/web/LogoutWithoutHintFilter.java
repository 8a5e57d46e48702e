package africa.bengobox.auth.oauth.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * RP-initiated logout makes {@code id_token_hint} only RECOMMENDED, but Spring's logout endpoint requires it.
 * Without one, the user is asked to confirm on our own page instead (OIDC RP-Initiated Logout 1.0, section 2).
 */
public class LogoutWithoutHintFilter extends OncePerRequestFilter {

    private final String logoutEndpoint;

    public LogoutWithoutHintFilter(String logoutEndpoint) {
        this.logoutEndpoint = logoutEndpoint;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !logoutEndpoint.equals(request.getServletPath()) || request.getParameter("id_token_hint") != null;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        UriComponentsBuilder confirm = UriComponentsBuilder.fromPath(request.getContextPath() + "/logout/confirm");
        for (String name : new String[] {"client_id", "post_logout_redirect_uri", "state"}) {
            String value = request.getParameter(name);
            if (value != null) {
                confirm.queryParam(name, value);
            }
        }
        response.sendRedirect(confirm.encode().build().toUriString());
    }
}
