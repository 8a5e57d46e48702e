package africa.bengobox.auth.oauth.login;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Clock;
import java.util.Map;
import java.util.UUID;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.authority.FactorGrantedAuthority;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.stereotype.Component;

/**
 * Signs a browser in outside the form login (a magic link), or renews its sign-in after a password change: a new
 * session id (no fixation), the SSO session id, the security context saved in the session, and for a new sign-in
 * the authorization request that was waiting for it, resumed.
 */
@Component
public class BrowserSignIn {

    public enum Method { PASSWORD, MAGIC_LINK }

    private final Clock clock;
    private final LoginSuccessHandler success;
    private final SecurityContextRepository contexts = new HttpSessionSecurityContextRepository();

    BrowserSignIn(Clock clock, LoginSuccessHandler success) {
        this.clock = clock;
        this.success = success;
    }

    /** Signs the user in and resumes the waiting authorization request, or redirects home. */
    public void signIn(HttpServletRequest request, HttpServletResponse response, UUID userId, String username, Method method)
            throws IOException, ServletException {
        AbstractAuthenticationToken authentication = establish(request, response, userId, username, method);
        success.onAuthenticationSuccess(request, response, authentication);
    }

    /** Gives the current browser a fresh sign-in (after the user proved their password again); no redirect. */
    public void renew(HttpServletRequest request, HttpServletResponse response, UUID userId, String username) {
        establish(request, response, userId, username, Method.PASSWORD);
    }

    private AbstractAuthenticationToken establish(HttpServletRequest request, HttpServletResponse response, UUID userId,
                                                  String username, Method method) {
        String factor = method == Method.MAGIC_LINK ? FactorGrantedAuthority.OTT_AUTHORITY : FactorGrantedAuthority.PASSWORD_AUTHORITY;
        AbstractAuthenticationToken authentication = SignedInUser.create(userId, username, factor, clock.instant());
        if (request.getSession(false) != null) {
            request.changeSessionId();
        }
        String sessionId = request.getSession(true).getId();
        @SuppressWarnings("unchecked")
        Map<String, Object> details = (Map<String, Object>) authentication.getDetails();
        details.put(SignedInUser.SID, LoginSuccessHandler.hash(sessionId));
        SecurityContext context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(authentication);
        SecurityContextHolder.setContext(context);
        contexts.saveContext(context, request, response);
        return authentication;
    }
}
