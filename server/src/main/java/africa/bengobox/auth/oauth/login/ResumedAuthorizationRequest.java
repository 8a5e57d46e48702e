package africa.bengobox.auth.oauth.login;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.util.Collections;
import java.util.Enumeration;
import java.util.Map;
import org.springframework.security.web.savedrequest.DefaultSavedRequest;

/**
 * The authorization request a sign-in interrupted, as the GET it was, carried by the request that completed the
 * sign-in: its method, query and parameters are the saved request's, so the sign-in form's fields (the password
 * among them) never reach the authorization endpoint.
 */
final class ResumedAuthorizationRequest extends HttpServletRequestWrapper {

    private final DefaultSavedRequest saved;
    private final Map<String, String[]> parameters;

    ResumedAuthorizationRequest(HttpServletRequest request, DefaultSavedRequest saved) {
        super(request);
        this.saved = saved;
        this.parameters = Collections.unmodifiableMap(saved.getParameterMap());
    }

    @Override
    public String getMethod() {
        return "GET";
    }

    @Override
    public String getQueryString() {
        return saved.getQueryString();
    }

    @Override
    public String getContentType() {
        return null;
    }

    @Override
    public int getContentLength() {
        return -1;
    }

    @Override
    public long getContentLengthLong() {
        return -1;
    }

    @Override
    public String getParameter(String name) {
        String[] values = parameters.get(name);
        return values == null || values.length == 0 ? null : values[0];
    }

    @Override
    public Map<String, String[]> getParameterMap() {
        return parameters;
    }

    @Override
    public Enumeration<String> getParameterNames() {
        return Collections.enumeration(parameters.keySet());
    }

    @Override
    public String[] getParameterValues(String name) {
        String[] values = parameters.get(name);
        return values == null ? null : values.clone();
    }
}
