package africa.bengobox.auth.oauth.login;

import africa.bengobox.auth.identity.UserService;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.time.Instant;
import java.util.Optional;
import org.springframework.core.annotation.Order;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Ends browser sessions that signed in before the user's password was reset or changed
 * ({@link UserService#sessionsValidAfter}), whichever node or session store holds them: a session whose sign-in is
 * older is invalidated before Spring Security reads it, so the request goes on as anonymous. Runs after the session
 * repository filter and before the security filters.
 */
@Component
@Order(-101)
class SessionCutoffFilter extends OncePerRequestFilter {

    private final UserService users;

    SessionCutoffFilter(UserService users) {
        this.users = users;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        HttpSession session = request.getSession(false);
        if (session != null
                && session.getAttribute(HttpSessionSecurityContextRepository.SPRING_SECURITY_CONTEXT_KEY) instanceof SecurityContext context
                && SignedInUser.isUser(context.getAuthentication())) {
            Authentication user = context.getAuthentication();
            Instant authTime = SignedInUser.authTime(user);
            Optional<Instant> cutoff = users.sessionsValidAfter(SignedInUser.userId(user));
            if (authTime == null || cutoff.isPresent() && authTime.isBefore(cutoff.get())) {
                session.invalidate();
            }
        }
        chain.doFilter(request, response);
    }
}
