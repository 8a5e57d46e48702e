package africa.bengobox.auth.oauth.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationException;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationToken;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.security.web.authentication.AuthenticationSuccessHandler;
import org.springframework.util.StringUtils;
import org.springframework.web.util.UriComponentsBuilder;
import org.springframework.web.util.UriUtils;

/**
 * Authorization responses as Spring sends them, plus the RFC 9207 {@code iss} parameter on success and error.
 * An error without a verified redirect URI is shown on our error page and never redirected.
 */
public final class AuthorizationResponses {

    /** Request attribute carrying a protocol error to the error page. */
    public static final String ERROR_ATTRIBUTE = "bengobox.oauth2.error";

    private AuthorizationResponses() {
    }

    public static AuthenticationSuccessHandler success(String issuer) {
        return (HttpServletRequest request, HttpServletResponse response, Authentication authentication) -> {
            var result = (OAuth2AuthorizationCodeRequestAuthenticationToken) authentication;
            UriComponentsBuilder uri = UriComponentsBuilder.fromUriString(result.getRedirectUri())
                    .queryParam(OAuth2ParameterNames.CODE, result.getAuthorizationCode().getTokenValue());
            redirect(request, response, uri, result.getState(), issuer);
        };
    }

    public static AuthenticationFailureHandler error(String issuer) {
        return (HttpServletRequest request, HttpServletResponse response, AuthenticationException exception) -> {
            if (!(exception instanceof OAuth2AuthorizationCodeRequestAuthenticationException ex)) {
                showErrorPage(request, response, new OAuth2Error("invalid_request"));
                return;
            }
            OAuth2Error error = ex.getError();
            OAuth2AuthorizationCodeRequestAuthenticationToken req = ex.getAuthorizationCodeRequestAuthentication();
            if (req == null || !StringUtils.hasText(req.getRedirectUri())) {
                showErrorPage(request, response, error);
                return;
            }
            UriComponentsBuilder uri = UriComponentsBuilder.fromUriString(req.getRedirectUri())
                    .queryParam(OAuth2ParameterNames.ERROR, error.getErrorCode());
            if (StringUtils.hasText(error.getDescription())) {
                uri.queryParam(OAuth2ParameterNames.ERROR_DESCRIPTION, encode(error.getDescription()));
            }
            redirect(request, response, uri, req.getState(), issuer);
        };
    }

    /** Redirects an error to a redirect URI the caller has already verified as registered for the client. */
    public static void redirectError(HttpServletRequest request, HttpServletResponse response, String redirectUri,
                                     String error, String description, String state, String issuer) throws IOException {
        UriComponentsBuilder uri = UriComponentsBuilder.fromUriString(redirectUri).queryParam(OAuth2ParameterNames.ERROR, error);
        if (description != null) {
            uri.queryParam(OAuth2ParameterNames.ERROR_DESCRIPTION, encode(description));
        }
        redirect(request, response, uri, state, issuer);
    }

    public static void showErrorPage(HttpServletRequest request, HttpServletResponse response, OAuth2Error error) throws IOException {
        request.setAttribute(ERROR_ATTRIBUTE, error);
        response.sendError(HttpStatus.BAD_REQUEST.value());
    }

    private static void redirect(HttpServletRequest request, HttpServletResponse response, UriComponentsBuilder uri,
                                 String state, String issuer) throws IOException {
        if (StringUtils.hasText(state)) {
            uri.queryParam(OAuth2ParameterNames.STATE, encode(state));
        }
        uri.queryParam("iss", encode(issuer));
        response.sendRedirect(uri.build(true).toUriString());
    }

    private static String encode(String value) {
        return UriUtils.encode(value, StandardCharsets.UTF_8);
    }
}
