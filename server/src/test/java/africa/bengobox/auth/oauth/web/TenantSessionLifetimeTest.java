package africa.bengobox.auth.oauth.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import africa.bengobox.auth.oauth.token.TenantContext;
import africa.bengobox.auth.tenancy.Membership;
import africa.bengobox.auth.tenancy.Tenant;
import africa.bengobox.auth.tenancy.TenantSettings;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.FactorGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;

/** A tenant's session lifetime makes an older sign-in sign in again before the authorization request goes on. */
class TenantSessionLifetimeTest {

    static final Instant NOW = Instant.parse("2026-11-28T12:00:00Z");
    static final String REDIRECT = "http://127.0.0.1:9999/callback";

    final UUID userId = UUID.randomUUID();
    final TenantContext tenants = mock(TenantContext.class);
    final RegisteredClientRepository clients = mock(RegisteredClientRepository.class);
    final AuthorizationRequestFilter filter = new AuthorizationRequestFilter("/authorize", clients, tenants, "http://localhost",
            Clock.fixed(NOW, ZoneOffset.UTC));

    @AfterEach
    void clear() {
        SecurityContextHolder.clearContext();
    }

    void tenantWithSessionSeconds(Integer seconds) {
        TenantSettings settings = new TenantSettings(null, Set.of(), null, null, new TenantSettings.Lifetimes(null, seconds));
        Tenant tenant = new Tenant(UUID.randomUUID(), "short-session", "Short", Tenant.Status.ACTIVE, NOW, NOW, settings, 0);
        when(tenants.resolve(eq(userId), any())).thenReturn(new TenantContext.Resolution.Acting(new Membership(userId, tenant, List.of())));
        when(clients.findByClientId("web-app")).thenReturn(RegisteredClient.withId("1").clientId("web-app")
                .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
                .authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE).redirectUri(REDIRECT).build());
    }

    MockHttpServletResponse authorize(Duration signedInAgo) throws Exception {
        List<GrantedAuthority> authorities = List.of(
                FactorGrantedAuthority.withAuthority(FactorGrantedAuthority.PASSWORD_AUTHORITY).issuedAt(NOW.minus(signedInAgo)).build());
        var user = UsernamePasswordAuthenticationToken.authenticated(new User(userId.toString(), "", authorities), null, authorities);
        user.setDetails(new HashMap<String, Object>());
        SecurityContextHolder.getContext().setAuthentication(user);
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/authorize");
        request.setServletPath("/authorize");
        request.addParameter("response_type", "code");
        request.addParameter("client_id", "web-app");
        request.addParameter("redirect_uri", REDIRECT);
        MockHttpServletResponse response = new MockHttpServletResponse();
        filter.doFilter(request, response, new MockFilterChain());
        return response;
    }

    @Test
    void aSignInOlderThanTheTenantsSessionLifetimeMustBeRepeated() throws Exception {
        tenantWithSessionSeconds(600);
        assertThat(authorize(Duration.ofMinutes(11)).getRedirectedUrl()).startsWith("/authorize?");
        assertThat(SecurityContextHolder.getContext().getAuthentication()).isNull();
    }

    @Test
    void aRecentSignInOrATenantWithoutALimitGoesOn() throws Exception {
        tenantWithSessionSeconds(600);
        assertThat(authorize(Duration.ofMinutes(9)).getRedirectedUrl()).isNull();
        tenantWithSessionSeconds(null);
        assertThat(authorize(Duration.ofDays(3)).getRedirectedUrl()).isNull();
    }
}
