package africa.bengobox.auth.oauth.login;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Map;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.authentication.SavedRequestAwareAuthenticationSuccessHandler;
import org.springframework.security.web.savedrequest.DefaultSavedRequest;
import org.springframework.security.web.savedrequest.HttpSessionRequestCache;
import org.springframework.security.web.savedrequest.RequestCache;
import org.springframework.security.web.savedrequest.SavedRequest;

/**
 * Completes a sign-in: the SSO session id ({@code sid}) becomes the hash of the HTTP session id as it stands after
 * session-fixation protection; tokens carry it, and {@link SameSessionLogout} checks an ID token hint against it.
 * When the sign-in interrupted an authorization request, that request is resumed within the same response
 * ({@link ResumedAuthorizationRequest}) rather than by a redirect back to it: the browser goes straight on to the
 * client (or to consent, or the tenant picker) and saves a round trip (docs/decisions/0012).
 */
public class LoginSuccessHandler extends SavedRequestAwareAuthenticationSuccessHandler {

    private final String authorizationEndpoint;
    private final RequestCache requestCache = new HttpSessionRequestCache();

    public LoginSuccessHandler(String authorizationEndpoint) {
        this.authorizationEndpoint = authorizationEndpoint;
    }

    @Override
    public void onAuthenticationSuccess(HttpServletRequest request, HttpServletResponse response, Authentication authentication)
            throws ServletException, IOException {
        if (authentication.getDetails() instanceof Map<?, ?> details) {
            @SuppressWarnings("unchecked")
            Map<String, Object> mutable = (Map<String, Object>) details;
            mutable.put(SignedInUser.SID, hash(request.getSession().getId()));
        }
        SavedRequest saved = requestCache.getRequest(request, response);
        if (saved instanceof DefaultSavedRequest authorization && "GET".equals(authorization.getMethod())
                && authorizationEndpoint.equals(authorization.getServletPath())) {
            requestCache.removeRequest(request, response);
            clearAuthenticationAttributes(request);
            request.getRequestDispatcher(authorizationEndpoint)
                    .forward(new ResumedAuthorizationRequest(request, authorization), response);
            return;
        }
        super.onAuthenticationSuccess(request, response, authentication);
    }

    static String hash(String sessionId) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(sessionId.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
