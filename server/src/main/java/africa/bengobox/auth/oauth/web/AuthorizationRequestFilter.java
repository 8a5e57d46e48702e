package africa.bengobox.auth.oauth.web;

import africa.bengobox.auth.oauth.login.SignedInUser;
import africa.bengobox.auth.oauth.token.TenantContext;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import africa.bengobox.auth.tenancy.TenantSettings;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.UriComponentsBuilder;
import org.springframework.web.util.UriUtils;

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
        // GET and POST authorization requests alike (OIDC Core 3.1.2.1); the consent form posts no response_type
        return !authorizationEndpoint.equals(request.getServletPath()) || request.getParameter("response_type") == null;
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
        String state = request.getParameter("state");
        boolean silent = prompt(request).contains("none");
        TenantContext.Resolution resolution = tenants.resolve(SignedInUser.userId(user), request.getParameter(TenantContext.TENANT_PARAMETER));
        if (mustReauthenticate(request, user, sessionLimit(resolution))) {
            if (silent) {
                AuthorizationResponses.redirectError(request, response, redirectUri, "login_required",
                        "the authentication is older than max_age", state, issuer);
                return;
            }
            HttpSession session = request.getSession();
            session.setAttribute(REAUTH_MARKER, clock.instant());
            session.removeAttribute(HttpSessionSecurityContextRepository.SPRING_SECURITY_CONTEXT_KEY);
            SecurityContextHolder.clearContext();
            // the same request again, now anonymous: the sign-in page comes first and then resumes it
            response.sendRedirect(request.getContextPath() + authorizationEndpoint + "?" + query(request));
            return;
        }
        switch (resolution) {
            case TenantContext.Resolution.Refused refused -> AuthorizationResponses.redirectError(request, response, redirectUri,
                    "access_denied", "tenant access refused: " + refused.reason(), state, issuer);
            case TenantContext.Resolution.MustChoose choose when choose.memberships().isEmpty() ->
                    AuthorizationResponses.redirectError(request, response, redirectUri, "access_denied",
                            "no active tenant membership", state, issuer);
            case TenantContext.Resolution.MustChoose choose when silent -> AuthorizationResponses.redirectError(request, response,
                    redirectUri, "interaction_required", "choose a tenant, or name one with the tenant parameter", state, issuer);
            case TenantContext.Resolution.MustChoose choose -> {
                String here = request.getServletPath() + "?" + query(request);
                response.sendRedirect(request.getContextPath() + "/tenant?continue=" + URLEncoder.encode(here, StandardCharsets.UTF_8));
            }
            default -> chain.doFilter(request, response);
        }
    }

    /** How long a sign-in counts for the tenant the user acts for, if its settings shorten it. */
    private static Duration sessionLimit(TenantContext.Resolution resolution) {
        if (resolution instanceof TenantContext.Resolution.Acting acting) {
            TenantSettings.Lifetimes lifetimes = acting.membership().tenant().settings().lifetimes();
            if (lifetimes != null && lifetimes.sessionSeconds() != null) {
                return Duration.ofSeconds(lifetimes.sessionSeconds());
            }
        }
        return null;
    }

    /**
     * prompt=login and prompt=select_account always re-authenticate (we have no account chooser); max_age, and the
     * tenant's session lifetime, when exceeded.
     */
    private boolean mustReauthenticate(HttpServletRequest request, Authentication user, Duration sessionLimit) {
        Instant authTime = SignedInUser.authTime(user);
        HttpSession session = request.getSession(false);
        Instant requestedAt = session == null ? null : (Instant) session.getAttribute(REAUTH_MARKER);
        if (requestedAt != null && authTime != null && !authTime.isBefore(requestedAt)) {
            session.removeAttribute(REAUTH_MARKER);
            return false;
        }
        Set<String> prompt = prompt(request);
        if (prompt.contains("login") || prompt.contains("select_account")) {
            return true;
        }
        if (sessionLimit != null && authTime != null && authTime.plus(sessionLimit).isBefore(clock.instant())) {
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

    private static Set<String> prompt(HttpServletRequest request) {
        return Set.copyOf(Arrays.asList(String.valueOf(request.getParameter("prompt")).split(" ")));
    }

    /** The request's parameters as a query string, whether they came in the URL (GET) or the body (POST). */
    private static String query(HttpServletRequest request) {
        UriComponentsBuilder query = UriComponentsBuilder.newInstance();
        request.getParameterMap().forEach((name, values) -> {
            if (!name.equals("_csrf")) {
                for (String value : values) {
                    query.queryParam(name, UriUtils.encode(value, StandardCharsets.UTF_8));
                }
            }
        });
        String built = query.build(true).getQuery();
        return built == null ? "" : built;
    }

    /**
     * The redirect URI the response may go to: the registered one that matches exactly (for a loopback IP literal,
     * any port, as RFC 8252 7.3 and Spring allow), or the only one registered when the request names none.
     */
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
        if (values.length != 1) {
            return null;
        }
        String requested = values[0];
        if (client.getRedirectUris().contains(requested)) {
            return requested;
        }
        return client.getRedirectUris().stream().anyMatch(registered -> sameLoopbackExceptPort(registered, requested))
                ? requested : null;
    }

    private static boolean sameLoopbackExceptPort(String registered, String requested) {
        try {
            URI a = new URI(registered);
            URI b = new URI(requested);
            boolean loopback = "127.0.0.1".equals(a.getHost()) || "[::1]".equals(a.getHost());
            return loopback && "http".equals(a.getScheme()) && Objects.equals(a.getScheme(), b.getScheme())
                    && Objects.equals(a.getHost(), b.getHost()) && Objects.equals(a.getRawPath(), b.getRawPath())
                    && Objects.equals(a.getRawQuery(), b.getRawQuery()) && b.getRawFragment() == null;
        } catch (URISyntaxException e) {
            return false;
        }
    }
}
