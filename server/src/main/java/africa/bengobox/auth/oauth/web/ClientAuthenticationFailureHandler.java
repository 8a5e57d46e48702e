package africa.bengobox.auth.oauth.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.http.HttpStatus;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.server.ServletServerHttpResponse;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.http.converter.OAuth2ErrorHttpMessageConverter;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;

/**
 * Failed client authentication: RFC 6749 5.2 wants 401 with a {@code WWW-Authenticate} header for
 * {@code invalid_client}; every other error is a 400. Spring sends the 401 without the header.
 */
public class ClientAuthenticationFailureHandler implements AuthenticationFailureHandler {

    private final HttpMessageConverter<OAuth2Error> errors = new OAuth2ErrorHttpMessageConverter();

    @Override
    public void onAuthenticationFailure(HttpServletRequest request, HttpServletResponse response,
                                        AuthenticationException exception) throws IOException {
        OAuth2Error error = exception instanceof OAuth2AuthenticationException e ? e.getError()
                : new OAuth2Error(OAuth2ErrorCodes.INVALID_CLIENT);
        ServletServerHttpResponse http = new ServletServerHttpResponse(response);
        if (OAuth2ErrorCodes.INVALID_CLIENT.equals(error.getErrorCode())) {
            http.setStatusCode(HttpStatus.UNAUTHORIZED);
            http.getHeaders().set("WWW-Authenticate", "Basic realm=\"bengobox-auth\", charset=\"UTF-8\"");
        } else {
            http.setStatusCode(HttpStatus.BAD_REQUEST);
        }
        http.getHeaders().setCacheControl("no-store");
        errors.write(error, null, http);
    }
}
