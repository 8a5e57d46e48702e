package africa.bengobox.auth.oauth;

import africa.bengobox.auth.audit.AuditService;
import africa.bengobox.auth.config.AuthProperties;
import africa.bengobox.auth.oauth.client.ClientSecretHasher;
import africa.bengobox.auth.oauth.client.ClientService;
import africa.bengobox.auth.oauth.web.ClientCors;
import africa.bengobox.auth.oauth.grant.ClientAssertionWithoutClientId;
import africa.bengobox.auth.oauth.grant.ConsentPolicy;
import africa.bengobox.auth.oauth.grant.DeviceAuthorizationWithOpenId;
import africa.bengobox.auth.oauth.grant.DeviceCodeGrantCompletion;
import africa.bengobox.auth.oauth.grant.DevicePolls;
import africa.bengobox.auth.oauth.grant.IntrospectionEntitlement;
import africa.bengobox.auth.oauth.grant.PublicDeviceClients;
import africa.bengobox.auth.oauth.grant.RefreshTokenReuseDetector;
import africa.bengobox.auth.oauth.login.LoginSuccessHandler;
import africa.bengobox.auth.oauth.login.PasswordLoginProvider;
import africa.bengobox.auth.oauth.login.SameSessionLogout;
import africa.bengobox.auth.oauth.login.UntrackedSessionRegistry;
import africa.bengobox.auth.oauth.store.HashedAuthorizationService;
import africa.bengobox.auth.oauth.store.LocalOpaqueTokenIntrospector;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationProvider;
import org.springframework.security.oauth2.server.resource.authentication.OpaqueTokenAuthenticationProvider;
import africa.bengobox.auth.oauth.token.TenantContext;
import africa.bengobox.auth.oauth.token.UserClaims;
import africa.bengobox.auth.oauth.web.AuthorizationRequestFilter;
import africa.bengobox.auth.oauth.web.AuthorizationResponses;
import africa.bengobox.auth.oauth.web.ClientAuthenticationFailureHandler;
import africa.bengobox.auth.oauth.web.EndpointResponses;
import africa.bengobox.auth.oauth.web.LogoutWithoutHintFilter;
import africa.bengobox.auth.web.SecurityHeaders;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.session.SessionRegistry;
import java.util.Map;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.MediaType;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.oauth2.server.authorization.OAuth2AuthorizationServerConfigurer;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.OAuth2Token;
import org.springframework.security.oauth2.server.authorization.authentication.ClientSecretAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2DeviceAuthorizationRequestAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2DeviceCodeAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2DeviceVerificationAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenGenerator;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2TokenIntrospectionAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.core.oidc.OidcUserInfo;
import org.springframework.security.oauth2.server.authorization.oidc.authentication.OidcLogoutAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.security.oauth2.server.authorization.web.authentication.JwtClientAssertionAuthenticationConverter;
import org.springframework.security.oauth2.server.resource.web.BearerTokenResolver;
import org.springframework.security.oauth2.server.resource.web.DefaultBearerTokenResolver;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AuthenticationConverter;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.authentication.preauth.AbstractPreAuthenticatedProcessingFilter;
import org.springframework.security.web.util.matcher.MediaTypeRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * The OAuth 2.0 / OpenID Connect endpoints: Spring Security's authorization server, with BengoBox's extension points
 * plugged in where its defaults fall short (see docs/decisions/0005-authorization-server-extensions.md).
 */
@Configuration(proxyBeanMethods = false)
class AuthorizationServerConfiguration {

    static final String AUTHORIZE = "/authorize";
    static final String LOGOUT = "/logout";
    static final String DEVICE_AUTHORIZATION = "/device_authorization";
    static final Set<String> CLIENT_ENDPOINTS = Set.of("/token", "/introspect", "/revoke", "/device_authorization");
    private static final Set<String> REPEATABLE_PARAMETERS = Set.of("resource", "audience");

    @Bean
    AuthorizationServerSettings authorizationServerSettings(AuthProperties properties) {
        return AuthorizationServerSettings.builder()
                .issuer(properties.issuer())
                .authorizationEndpoint(AUTHORIZE)
                .tokenEndpoint("/token")
                .tokenIntrospectionEndpoint("/introspect")
                .tokenRevocationEndpoint("/revoke")
                .jwkSetEndpoint("/.well-known/jwks.json")
                .oidcUserInfoEndpoint("/userinfo")
                .oidcLogoutEndpoint(LOGOUT)
                .deviceAuthorizationEndpoint(DEVICE_AUTHORIZATION)
                .deviceVerificationEndpoint("/device")
                .build();
    }

    /** Spring's authorization server takes the bean; see {@link UntrackedSessionRegistry} for why it keeps nothing. */
    @Bean
    SessionRegistry oidcSessions() {
        return new UntrackedSessionRegistry();
    }

    @Bean
    @Order(1)
    SecurityFilterChain protocolEndpoints(HttpSecurity http, AuthProperties properties, RegisteredClientRepository clients,
                                          HashedAuthorizationService authorizations, ClientSecretHasher secretHasher,
                                          TenantContext tenants, UserClaims userClaims, AuditService audit, Clock clock,
                                          OAuth2TokenGenerator<OAuth2Token> tokenGenerator, JwtDecoder accessTokenDecoder,
                                          ClientService clientService, DevicePolls devicePolls) throws Exception {
        String issuer = properties.issuer();
        ClientAuthenticationFailureHandler clientFailure = new ClientAuthenticationFailureHandler();
        OAuth2AuthorizationServerConfigurer as = new OAuth2AuthorizationServerConfigurer();
        RequestMatcher endpoints = as.getEndpointsMatcher();
        // prompt=none must reach the authorization endpoint anonymously so that it can answer login_required
        RequestMatcher promptNone = request -> AUTHORIZE.equals(request.getServletPath())
                && request.getParameter("prompt") != null
                && Set.of(request.getParameter("prompt").split(" ")).contains("none");
        http.securityMatcher(endpoints)
                .with(as, server -> server
                        .registeredClientRepository(clients)
                        .authorizationService(authorizations)
                        .clientAuthentication(c -> c
                                .errorResponseHandler(clientFailure)
                                .authenticationConverters(converters -> {
                                    converters.replaceAll(conv -> refusingMalformed(conv instanceof JwtClientAssertionAuthenticationConverter
                                            ? ClientAssertionWithoutClientId.around(conv) : conv));
                                    converters.addFirst(AuthorizationServerConfiguration::refuseRepeatedParameters);
                                    converters.add(PublicDeviceClients.converter(DEVICE_AUTHORIZATION));
                                })
                                .authenticationProviders(providers -> {
                                    providers.forEach(p -> {
                                        if (p instanceof ClientSecretAuthenticationProvider secret) {
                                            secret.setPasswordEncoder(secretHasher);
                                        }
                                    });
                                    providers.addFirst(PublicDeviceClients.provider(clients));
                                }))
                        .authorizationEndpoint(e -> e
                                .consentPage("/consent")
                                .authenticationProviders(providers -> providers.forEach(p -> {
                                    if (p instanceof OAuth2AuthorizationCodeRequestAuthenticationProvider code) {
                                        code.setAuthorizationConsentRequired(ConsentPolicy::required);
                                    }
                                }))
                                .authorizationResponseHandler(AuthorizationResponses.success(issuer))
                                .errorResponseHandler(AuthorizationResponses.error(issuer)))
                        .tokenGenerator(tokenGenerator)
                        .tokenEndpoint(t -> t
                                .accessTokenResponseHandler(EndpointResponses.token())
                                .authenticationProviders(providers -> {
                                    providers.replaceAll(p -> p instanceof OAuth2DeviceCodeAuthenticationProvider
                                            ? new DeviceCodeGrantCompletion(p, authorizations, tokenGenerator, devicePolls) : p);
                                    providers.addFirst(new RefreshTokenReuseDetector(authorizations, audit));
                                }))
                        .tokenIntrospectionEndpoint(i -> i
                                .introspectionResponseHandler(EndpointResponses.introspection())
                                .authenticationProviders(providers ->
                                        providers.replaceAll(AuthorizationServerConfiguration::withIntrospectionEntitlement)))
                        .deviceAuthorizationEndpoint(d -> d.verificationUri("/device")
                                .authenticationProviders(providers -> providers.replaceAll(p ->
                                        p instanceof OAuth2DeviceAuthorizationRequestAuthenticationProvider
                                                ? new DeviceAuthorizationWithOpenId(p, authorizations) : p)))
                        .deviceVerificationEndpoint(d -> d
                                .consentPage("/consent")
                                // the user always confirms the code the device shows: an earlier consent to the
                                // client must not let a phished verification link approve someone else's device
                                .authenticationProviders(providers -> providers.forEach(p -> {
                                    if (p instanceof OAuth2DeviceVerificationAuthenticationProvider verification) {
                                        verification.setAuthorizationConsentRequired(context -> true);
                                    }
                                }))
                                .deviceVerificationResponseHandler((req, res, auth) -> res.sendRedirect(req.getContextPath() + "/device/done?approved"))
                                .errorResponseHandler((req, res, ex) -> res.sendRedirect(req.getContextPath() + "/device?error=invalid_code")))
                        .oidc(oidc -> oidc
                                .logoutEndpoint(l -> l.authenticationProviders(providers -> providers.replaceAll(p ->
                                        p instanceof OidcLogoutAuthenticationProvider ? new SameSessionLogout(p) : p)))
                                .providerConfigurationEndpoint(p -> p.providerConfigurationCustomizer(c -> c
                                        .claim("authorization_response_iss_parameter_supported", true)
                                        .claim("ui_locales_supported", List.of("en", "sw"))
                                        .claim("claims_parameter_supported", false)
                                        .claim("request_parameter_supported", false)
                                        .idTokenSigningAlgorithms(algs -> {
                                            algs.clear();
                                            algs.addAll(List.of("RS256", "ES256", "EdDSA"));
                                        })
                                        .claims(claims -> claims.put("claims_supported", List.of("sub", "iss", "aud", "exp",
                                                "iat", "auth_time", "nonce", "acr", "amr", "sid", "at_hash", "azp",
                                                "name", "given_name", "family_name", "preferred_username", "locale",
                                                "zoneinfo", "picture", "updated_at", "email", "email_verified",
                                                "phone_number", "phone_number_verified", "tenant_id", "tenant_slug", "roles")))))
                                .userInfoEndpoint(u -> u.userInfoMapper(context -> new OidcUserInfo(userClaims.forScopes(
                                        java.util.UUID.fromString(context.getAuthorization().getPrincipalName()),
                                        context.getAuthorization().getAuthorizedScopes()))))))
                .cors(c -> c.configurationSource(new ClientCors(clientService)))
                .authorizeHttpRequests(a -> a.requestMatchers(promptNone).permitAll().anyRequest().authenticated())
                .addFilterBefore(new LogoutWithoutHintFilter(LOGOUT), AbstractPreAuthenticatedProcessingFilter.class)
                .addFilterBefore(new AuthorizationRequestFilter(AUTHORIZE, clients, tenants, issuer, clock),
                        AbstractPreAuthenticatedProcessingFilter.class)
                .exceptionHandling(e -> e
                        .defaultAuthenticationEntryPointFor(signInPage(), browsers())
                        // RFC 6749 5.2: a request to a client endpoint without client credentials is invalid_client
                        .defaultAuthenticationEntryPointFor((request, response, ex) -> clientFailure.onAuthenticationFailure(
                                request, response, new OAuth2AuthenticationException(OAuth2ErrorCodes.INVALID_CLIENT)),
                                request -> CLIENT_ENDPOINTS.contains(request.getServletPath())))
                .oauth2ResourceServer(rs -> rs.bearerTokenResolver(bearerTokens())
                        .jwt(jwt -> jwt.authenticationManager(bearerTokens(accessTokenDecoder, authorizations))))
                .headers(SecurityHeaders.all());
        return http.build();
    }

    /**
     * RFC 6749 section 3.1: a parameter of the token, introspection, revocation and device endpoints is sent at most
     * once. Checked once per request, ahead of client authentication: Spring's converters check only their own
     * grant's parameters, after client authentication, whose PKCE check casts a repeated {@code code} to a String (a
     * 500 the fuzz test found). RFC 8707 {@code resource} and RFC 8693 {@code audience} may repeat.
     */
    private static Authentication refuseRepeatedParameters(HttpServletRequest request) {
        for (Map.Entry<String, String[]> parameter : request.getParameterMap().entrySet()) {
            if (parameter.getValue().length > 1 && !REPEATABLE_PARAMETERS.contains(parameter.getKey())) {
                throw new OAuth2AuthenticationException(new OAuth2Error(OAuth2ErrorCodes.INVALID_REQUEST,
                        "a request parameter is repeated", null));
            }
        }
        return null; // nothing to authenticate here: the next converter reads the client's credentials
    }

    /**
     * Spring's converters reject some malformed credentials (an empty client id in a Basic header) with an
     * IllegalArgumentException, which would surface as a 500; they are invalid client credentials.
     */
    private static AuthenticationConverter refusingMalformed(AuthenticationConverter converter) {
        return request -> {
            try {
                return converter.convert(request);
            } catch (IllegalArgumentException e) {
                throw new OAuth2AuthenticationException(OAuth2ErrorCodes.INVALID_CLIENT);
            }
        };
    }

    /**
     * Userinfo accepts our JWT access tokens and, for clients with opaque tokens, our opaque ones (Spring's
     * authorization server configures the resource server for JWTs only, so both go through its JWT slot).
     */
    private static AuthenticationManager bearerTokens(JwtDecoder decoder, HashedAuthorizationService authorizations) {
        AuthenticationManager jwt = new ProviderManager(new JwtAuthenticationProvider(decoder));
        AuthenticationManager opaque = new ProviderManager(new OpaqueTokenAuthenticationProvider(
                new LocalOpaqueTokenIntrospector(authorizations)));
        return authentication -> authentication instanceof BearerTokenAuthenticationToken bearer
                && bearer.getToken().chars().filter(c -> c == '.').count() != 2
                ? opaque.authenticate(authentication) : jwt.authenticate(authentication);
    }

    /**
     * RFC 6750 2.2: userinfo also takes the token as a form parameter (OIDC Core 5.3.1), never from the query.
     * Spring's resolver only does so for a Content-Type without parameters, and clients send "; charset=UTF-8".
     */
    private static BearerTokenResolver bearerTokens() {
        DefaultBearerTokenResolver header = new DefaultBearerTokenResolver();
        return request -> {
            String token = header.resolve(request);
            String contentType = request.getContentType();
            if (token != null || !"POST".equals(request.getMethod()) || contentType == null
                    || !contentType.toLowerCase(java.util.Locale.ROOT).startsWith(MediaType.APPLICATION_FORM_URLENCODED_VALUE)
                    || (request.getQueryString() != null && request.getQueryString().contains("access_token"))) {
                return token;
            }
            String[] values = request.getParameterValues("access_token");
            if (values == null) {
                return null;
            }
            if (values.length != 1 || values[0].isBlank()) {
                throw new OAuth2AuthenticationException(OAuth2ErrorCodes.INVALID_REQUEST);
            }
            return values[0];
        };
    }

    /**
     * The sign-in page is shown in answer to the authorization request itself (a forward, not a redirect to /login):
     * one round trip fewer for a browser that is not signed in (docs/decisions/0012).
     */
    private static LoginUrlAuthenticationEntryPoint signInPage() {
        LoginUrlAuthenticationEntryPoint entryPoint = new LoginUrlAuthenticationEntryPoint("/login");
        entryPoint.setUseForward(true);
        return entryPoint;
    }

    /** Browsers asking for a page (not API clients sending Accept: *&#47;*) are sent to the sign-in page. */
    private static RequestMatcher browsers() {
        MediaTypeRequestMatcher html = new MediaTypeRequestMatcher(MediaType.TEXT_HTML);
        html.setIgnoredMediaTypes(Set.of(MediaType.ALL));
        return html;
    }

    private static AuthenticationProvider withIntrospectionEntitlement(AuthenticationProvider provider) {
        return provider instanceof OAuth2TokenIntrospectionAuthenticationProvider ? new IntrospectionEntitlement(provider) : provider;
    }

    /** What follows a sign-in: the authorization request it interrupted, resumed in the same response. */
    @Bean
    LoginSuccessHandler loginSuccessHandler() {
        return new LoginSuccessHandler(AUTHORIZE);
    }

    /** Pages: sign-in, consent, device code entry, tenant picker, account. */
    @Bean
    @Order(2)
    SecurityFilterChain pages(HttpSecurity http, PasswordLoginProvider passwordLogin, ClientService clientService,
                              LoginSuccessHandler loginSuccess) throws Exception {
        // CORS preflights (OPTIONS) of the protocol endpoints are not matched by the protocol chain and end up here
        http.cors(c -> c.configurationSource(new ClientCors(clientService)))
                .authorizeHttpRequests(a -> a
                        .requestMatchers("/", "/login", "/logged-out", "/logout/confirm", "/device/done", "/error",
                                "/css/**", "/js/**", "/favicon.ico").permitAll()
                        .anyRequest().authenticated())
                .authenticationProvider(passwordLogin)
                .formLogin(f -> f.loginPage("/login").successHandler(loginSuccess).failureUrl("/login?error"))
                .logout(l -> l.logoutUrl("/signout").logoutSuccessUrl("/logged-out"))
                .headers(SecurityHeaders.all());
        return http.build();
    }
}
