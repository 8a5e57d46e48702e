package africa.bengobox.auth.oauth.grant;

import com.nimbusds.jwt.JWTParser;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.text.ParseException;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.web.authentication.AuthenticationConverter;

/**
 * RFC 7523 3.1 makes {@code client_id} optional next to a client assertion (the assertion's {@code sub} names the
 * client), but Spring requires it. The {@code sub} is offered as {@code client_id}; Spring's provider then
 * verifies the assertion's signature, issuer and subject against that client as usual.
 */
public final class ClientAssertionWithoutClientId {

    private ClientAssertionWithoutClientId() {
    }

    public static AuthenticationConverter around(AuthenticationConverter converter) {
        return request -> {
            String assertion = request.getParameter(OAuth2ParameterNames.CLIENT_ASSERTION);
            if (assertion == null) {
                return null; // what Spring's converter answers too, after copying every parameter into a map
            }
            if (request.getParameter(OAuth2ParameterNames.CLIENT_ID) != null) {
                return converter.convert(request);
            }
            String subject;
            try {
                subject = JWTParser.parse(assertion).getJWTClaimsSet().getSubject();
            } catch (ParseException e) {
                subject = null;
            }
            return converter.convert(subject == null ? request : withClientId(request, subject));
        };
    }

    private static HttpServletRequest withClientId(HttpServletRequest request, String clientId) {
        Map<String, String[]> parameters = new HashMap<>(request.getParameterMap());
        parameters.put(OAuth2ParameterNames.CLIENT_ID, new String[] {clientId});
        return new HttpServletRequestWrapper(request) {
            @Override
            public String getParameter(String name) {
                String[] values = parameters.get(name);
                return values == null ? null : values[0];
            }

            @Override
            public Map<String, String[]> getParameterMap() {
                return Collections.unmodifiableMap(parameters);
            }

            @Override
            public java.util.Enumeration<String> getParameterNames() {
                return Collections.enumeration(parameters.keySet());
            }

            @Override
            public String[] getParameterValues(String name) {
                return parameters.get(name);
            }
        };
    }
}
