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

/**
 * Completes a sign-in: the SSO session id ({@code sid}) becomes the hash of the HTTP session id as it stands after
 * session-fixation protection; tokens carry it, and {@link SameSessionLogout} checks an ID token hint against it.
 */
public class LoginSuccessHandler extends SavedRequestAwareAuthenticationSuccessHandler {

    @Override
    public void onAuthenticationSuccess(HttpServletRequest request, HttpServletResponse response, Authentication authentication)
            throws ServletException, IOException {
        if (authentication.getDetails() instanceof Map<?, ?> details) {
            @SuppressWarnings("unchecked")
            Map<String, Object> mutable = (Map<String, Object>) details;
            mutable.put(SignedInUser.SID, hash(request.getSession().getId()));
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
