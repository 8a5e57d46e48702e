package africa.bengobox.auth.oauth.web;

import africa.bengobox.auth.oauth.login.SignedInUser;
import africa.bengobox.auth.oauth.token.TenantContext;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.security.web.savedrequest.HttpSessionRequestCache;
import org.springframework.security.web.savedrequest.RequestCache;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * What Spring's authorization endpoint leaves to us, for a signed-in user's GET /authorize:
 * re-authentication when {@code prompt=login|select_account} or an exceeded {@code max_age} asks for it, and the
 * tenant the user acts for ({@code tenant=<slug>}, the only membership, or a choice on the tenant picker).
 * Requests whose client or redirect URI is not valid pass through untouched so that Spring shows its error page.
 */
public class AuthorizationRequestFilter extends OncePerRequestFilter {

    static final String REAUTH_MARKER = AuthorizationRequestFilter.class.getName() + ".reauth-requested-at";

    private final String authorizationEndpoint;
    private final RegisteredClientRepository clients;
    private final TenantContext tenants;
    private final String issuer;
    private final Clock clock;
    private final RequestCache requestCache = new HttpSessionRequestCache();

    public AuthorizationRequestFilter(String authorizationEndpoint, RegisteredClientRepository clients, TenantContext tenants,
                                      String issuer, Clock clock) {
        this.authorizationEndpoint = authorizationEndpoint;
        this.clients = clients;
        this.tenants = tenants;
        this.issuer = issuer;
        this.clock = clock;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !"GET".equals(request.getMethod()) || !authorizationEndpoint.equals(request.getServletPath());
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Authentication user = SecurityContextHolder.getContext().getAuthentication();
        String redirectUri = verifiedRedirectUri(request);
        if (!SignedInUser.isUser(user) || redirectUri == null || !"code".equals(request.getParameter("response_type"))) {
            chain.doFilter(request, response);
            return;
        }
        if (mustReauthenticate(request, user)) {
            HttpSession session = request.getSession();
            session.setAttribute(REAUTH_MARKER, clock.instant());
            session.removeAttribute(HttpSessionSecurityContextRepository.SPRING_SECURITY_CONTEXT_KEY);
            SecurityContextHolder.clearContext();
            requestCache.saveRequest(request, response);
            response.sendRedirect(request.getContextPath() + "/login");
            return;
        }
        String state = request.getParameter("state");
        switch (tenants.resolve(SignedInUser.userId(user), request.getParameter(TenantContext.TENANT_PARAMETER))) {
            case TenantContext.Resolution.Refused refused -> AuthorizationResponses.redirectError(request, response, redirectUri,
                    "access_denied", "tenant access refused: " + refused.reason(), state, issuer);
            case TenantContext.Resolution.MustChoose choose when choose.memberships().isEmpty() ->
                    AuthorizationResponses.redirectError(request, response, redirectUri, "access_denied",
                            "no active tenant membership", state, issuer);
            case TenantContext.Resolution.MustChoose choose -> {
                String here = request.getServletPath() + "?" + request.getQueryString();
                response.sendRedirect(request.getContextPath() + "/tenant?continue=" + URLEncoder.encode(here, StandardCharsets.UTF_8));
            }
            default -> chain.doFilter(request, response);
        }
    }

    /** prompt=login and prompt=select_account always re-authenticate (we have no account chooser); max_age when exceeded. */
    private boolean mustReauthenticate(HttpServletRequest request, Authentication user) {
        Instant authTime = SignedInUser.authTime(user);
        HttpSession session = request.getSession(false);
        Instant requestedAt = session == null ? null : (Instant) session.getAttribute(REAUTH_MARKER);
        if (requestedAt != null && authTime != null && !authTime.isBefore(requestedAt)) {
            session.removeAttribute(REAUTH_MARKER);
            return false;
        }
        Set<String> prompt = Set.copyOf(Arrays.asList(String.valueOf(request.getParameter("prompt")).split(" ")));
        if (prompt.contains("login") || prompt.contains("select_account")) {
            return true;
        }
        String maxAge = request.getParameter("max_age");
        if (maxAge != null && authTime != null) {
            try {
                long seconds = Long.parseLong(maxAge);
                return seconds >= 0 && authTime.plusSeconds(seconds).isBefore(clock.instant());
            } catch (NumberFormatException e) {
                return false;
            }
        }
        return false;
    }

    /** The redirect URI the response may go to: the registered one that exactly matches, or the only one registered. */
    private String verifiedRedirectUri(HttpServletRequest request) {
        String clientId = request.getParameter("client_id");
        if (clientId == null || request.getParameterValues("client_id").length != 1) {
            return null;
        }
        RegisteredClient client = clients.findByClientId(clientId);
        if (client == null) {
            return null;
        }
        String[] values = request.getParameterValues("redirect_uri");
        if (values == null) {
            List<String> registered = List.copyOf(client.getRedirectUris());
            return registered.size() == 1 ? registered.get(0) : null;
        }
        return values.length == 1 && client.getRedirectUris().contains(values[0]) ? values[0] : null;
    }
}
