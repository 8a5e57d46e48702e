package africa.bengobox.auth.admin;

import africa.bengobox.auth.oauth.revocation.AccessTokenDenyList;
import africa.bengobox.auth.oauth.store.HashedAuthorizationService;
import africa.bengobox.auth.oauth.store.LocalOpaqueTokenIntrospector;
import africa.bengobox.auth.web.SecurityHeaders;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationProvider;
import org.springframework.security.oauth2.server.resource.authentication.OpaqueTokenAuthenticationProvider;
import org.springframework.security.web.SecurityFilterChain;

/**
 * The admin API is a resource server inside this application: stateless, bearer tokens only (this server's own JWT
 * access tokens, verified against its keys and the deny list, or its opaque ones, looked up locally), scopes per
 * area, and RFC 9457 problems for 401 and 403.
 */
@Configuration(proxyBeanMethods = false)
class AdminSecurityConfiguration {

    static final String SCOPE_TENANTS = "admin:tenants";
    static final String SCOPE_TENANTS_READ = "admin:tenants:read";
    static final String SCOPE_WEBHOOKS = "admin:webhooks";

    @Bean
    @Order(1)
    SecurityFilterChain adminApi(HttpSecurity http, JwtDecoder accessTokenDecoder, HashedAuthorizationService authorizations,
                                 AccessTokenDenyList denyList) throws Exception {
        http.securityMatcher("/admin/**")
                .authorizeHttpRequests(a -> a
                        .requestMatchers(HttpMethod.GET, "/admin/openapi.yaml").permitAll()
                        .requestMatchers(HttpMethod.GET, "/admin/tenants", "/admin/tenants/**", "/admin/groups", "/admin/groups/**")
                        .hasAnyAuthority("SCOPE_" + SCOPE_TENANTS, "SCOPE_" + SCOPE_TENANTS_READ)
                        .requestMatchers("/admin/tenants", "/admin/tenants/**", "/admin/groups", "/admin/groups/**")
                        .hasAuthority("SCOPE_" + SCOPE_TENANTS)
                        .requestMatchers("/admin/webhooks", "/admin/webhooks/**").hasAuthority("SCOPE_" + SCOPE_WEBHOOKS)
                        .anyRequest().denyAll())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .csrf(c -> c.disable())
                .requestCache(c -> c.disable())
                .oauth2ResourceServer(rs -> rs
                        .authenticationEntryPoint((request, response, ex) -> {
                            response.setHeader("WWW-Authenticate", "Bearer error=\"invalid_token\"");
                            problem(response, 401, "Unauthorized", "a valid bearer access token is required");
                        })
                        .accessDeniedHandler((request, response, ex) -> {
                            response.setHeader("WWW-Authenticate", "Bearer error=\"insufficient_scope\"");
                            problem(response, 403, "Forbidden", "the token lacks the scope this operation needs");
                        })
                        .jwt(jwt -> jwt.authenticationManager(bearerTokens(accessTokenDecoder, authorizations, denyList))))
                .exceptionHandling(e -> e.authenticationEntryPoint((request, response, ex) -> {
                    response.setHeader("WWW-Authenticate", "Bearer");
                    problem(response, 401, "Unauthorized", "a bearer access token is required");
                }))
                .headers(SecurityHeaders.all());
        return http.build();
    }

    /** Our JWTs (refused once their jti is on the deny list) and our opaque tokens, told apart by their shape. */
    private static AuthenticationManager bearerTokens(JwtDecoder decoder, HashedAuthorizationService authorizations,
                                                      AccessTokenDenyList denyList) {
        JwtDecoder checked = token -> {
            Jwt jwt = decoder.decode(token);
            if (jwt.getId() != null && denyList.isRevoked(jwt.getId())) {
                throw new BadJwtException("The access token has been revoked");
            }
            return jwt;
        };
        AuthenticationManager jwt = new ProviderManager(new JwtAuthenticationProvider(checked));
        AuthenticationManager opaque = new ProviderManager(new OpaqueTokenAuthenticationProvider(
                new LocalOpaqueTokenIntrospector(authorizations)));
        return (Authentication authentication) -> authentication instanceof BearerTokenAuthenticationToken bearer
                && bearer.getToken().chars().filter(c -> c == '.').count() != 2
                ? opaque.authenticate(authentication) : jwt.authenticate(authentication);
    }

    static void problem(HttpServletResponse response, int status, String title, String detail) throws IOException {
        response.setStatus(status);
        response.setContentType("application/problem+json");
        response.getWriter().write("{\"type\":\"about:blank\",\"title\":\"" + title + "\",\"status\":" + status
                + ",\"detail\":\"" + detail + "\"}");
    }
}
