package africa.bengobox.auth.oauth.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.OAuth2RefreshToken;
import org.springframework.security.oauth2.core.OAuth2TokenIntrospectionClaimNames;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenIntrospection;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AccessTokenAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2TokenIntrospectionAuthenticationToken;
import org.springframework.security.web.authentication.AuthenticationSuccessHandler;
import tools.jackson.databind.json.JsonMapper;

/**
 * Successful answers of the token endpoint (RFC 6749 section 5.1) and the introspection endpoint (RFC 7662 section
 * 2.2) with the members Spring's handlers write, serialised by Jackson in one piece with its length. Spring's handlers
 * build a response object, convert it to a map and hand the map to a generic message converter: 5% of the CPU of a
 * client-credentials token and of a JWT introspection.
 */
public final class EndpointResponses {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private EndpointResponses() {
    }

    /** {@code access_token}, {@code token_type}, {@code expires_in}, {@code scope}, {@code refresh_token}, then the additional parameters ({@code id_token}). */
    public static AuthenticationSuccessHandler token() {
        return EndpointResponses::writeToken;
    }

    /** The token's claims with {@code scope} space-separated and {@code exp}, {@code iat}, {@code nbf} in seconds. */
    public static AuthenticationSuccessHandler introspection() {
        return EndpointResponses::writeIntrospection;
    }

    private static void writeToken(HttpServletRequest request, HttpServletResponse response, Authentication authentication)
            throws IOException {
        if (!(authentication instanceof OAuth2AccessTokenAuthenticationToken tokens)) {
            throw unexpected();
        }
        OAuth2AccessToken accessToken = tokens.getAccessToken();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put(OAuth2ParameterNames.ACCESS_TOKEN, accessToken.getTokenValue());
        body.put(OAuth2ParameterNames.TOKEN_TYPE, accessToken.getTokenType().getValue());
        if (accessToken.getIssuedAt() != null && accessToken.getExpiresAt() != null) {
            body.put(OAuth2ParameterNames.EXPIRES_IN, ChronoUnit.SECONDS.between(accessToken.getIssuedAt(), accessToken.getExpiresAt()));
        }
        if (!accessToken.getScopes().isEmpty()) {
            body.put(OAuth2ParameterNames.SCOPE, String.join(" ", accessToken.getScopes()));
        }
        OAuth2RefreshToken refreshToken = tokens.getRefreshToken();
        if (refreshToken != null) {
            body.put(OAuth2ParameterNames.REFRESH_TOKEN, refreshToken.getTokenValue());
        }
        body.putAll(tokens.getAdditionalParameters());
        write(response, body);
    }

    private static void writeIntrospection(HttpServletRequest request, HttpServletResponse response,
                                           Authentication authentication) throws IOException {
        if (!(authentication instanceof OAuth2TokenIntrospectionAuthenticationToken introspection)) {
            throw unexpected();
        }
        OAuth2TokenIntrospection claims = introspection.getTokenClaims();
        Map<String, Object> body = new LinkedHashMap<>(claims.getClaims());
        if (claims.getScopes() != null && !claims.getScopes().isEmpty()) {
            body.put(OAuth2TokenIntrospectionClaimNames.SCOPE, String.join(" ", claims.getScopes()));
        }
        seconds(body, OAuth2TokenIntrospectionClaimNames.EXP, claims.getExpiresAt());
        seconds(body, OAuth2TokenIntrospectionClaimNames.IAT, claims.getIssuedAt());
        seconds(body, OAuth2TokenIntrospectionClaimNames.NBF, claims.getNotBefore());
        write(response, body);
    }

    private static void seconds(Map<String, Object> body, String name, Instant instant) {
        if (instant != null) {
            body.put(name, instant.getEpochSecond());
        }
    }

    private static void write(HttpServletResponse response, Map<String, Object> body) throws IOException {
        byte[] json = JSON.writeValueAsBytes(body);
        response.setStatus(HttpServletResponse.SC_OK);
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        response.setCharacterEncoding("UTF-8");
        response.setContentLength(json.length);
        response.getOutputStream().write(json);
    }

    private static OAuth2AuthenticationException unexpected() {
        return new OAuth2AuthenticationException(new OAuth2Error(OAuth2ErrorCodes.SERVER_ERROR,
                "Unable to write the endpoint's response.", null));
    }
}
