package africa.bengobox.auth.oauth.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.argThat;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import africa.bengobox.auth.audit.AuditService;
import africa.bengobox.auth.oauth.revocation.AccessTokenDenyList;
import africa.bengobox.auth.oauth.token.IdTokenHints;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2RefreshToken;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationCode;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.transaction.support.TransactionCallback;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * The authorization a request found is not read from storage again in that request, and only in that request; a new
 * authorization is inserted, one read before updated at the version read.
 */
class HashedAuthorizationServiceTest {

    private static final Instant NOW = Instant.parse("2026-11-29T06:00:00Z");
    private static final OAuth2TokenType CODE = new OAuth2TokenType("code");
    private static final String CODE_VALUE = "the-authorization-code";
    private static final AuthorizationRow STORED = new AuthorizationRow("authz-1", "client-1", "user-1", "authorization_code",
            "openid", null, null, new AuthorizationRow.StoredToken(TokenHashes.hash(CODE_VALUE), NOW, NOW.plusSeconds(60), null),
            null, null, null, null, null, null, null, null, null, NOW.plusSeconds(60), NOW, 0L);

    private final AuthorizationRepository repository = mock(AuthorizationRepository.class);
    private final RegisteredClientRepository clients = mock(RegisteredClientRepository.class);
    private final HashedAuthorizationService service = new HashedAuthorizationService(repository, clients,
            mock(AccessTokenDenyList.class), mock(JwtDecoder.class), mock(IdTokenHints.class), mock(TransactionTemplate.class),
            mock(AuditService.class), Clock.fixed(NOW, ZoneOffset.UTC));

    @BeforeEach
    void storedCode() {
        RegisteredClient client = RegisteredClient.withId("client-1").clientId("web").clientSecret("{noop}s")
                .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
                .authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE).redirectUri("https://app.example/cb")
                .build();
        when(clients.findById("client-1")).thenReturn(client);
        when(repository.findByHash(AuthorizationRepository.HashColumn.CODE, TokenHashes.hash(CODE_VALUE))).thenReturn(Optional.of(STORED));
        when(repository.update(any())).thenReturn(true);
    }

    @AfterEach
    void noRequest() {
        RequestContextHolder.resetRequestAttributes();
    }

    @Test
    void theSecondLookupInARequestIsAnsweredFromTheRequest() {
        RequestContextHolder.setRequestAttributes(new ServletRequestAttributes(new MockHttpServletRequest()));
        OAuth2Authorization first = service.findByToken(CODE_VALUE, CODE);
        OAuth2Authorization second = service.findByToken(CODE_VALUE, CODE);

        assertThat(first).isNotNull();
        assertThat(second).isSameAs(first);
        verify(repository, times(1)).findByHash(any(), any());
    }

    @Test
    void anotherTokenOrTypeOrRequestReadsStorage() {
        RequestContextHolder.setRequestAttributes(new ServletRequestAttributes(new MockHttpServletRequest()));
        assertThat(service.findByToken(CODE_VALUE, CODE)).isNotNull();
        assertThat(service.findByToken("another-code", CODE)).isNull();
        assertThat(service.findByToken(CODE_VALUE, OAuth2TokenType.REFRESH_TOKEN)).isNull();
        verify(repository).findByHash(AuthorizationRepository.HashColumn.CODE, TokenHashes.hash("another-code"));
        verify(repository).findByHash(AuthorizationRepository.HashColumn.REFRESH, TokenHashes.hash(CODE_VALUE));

        RequestContextHolder.setRequestAttributes(new ServletRequestAttributes(new MockHttpServletRequest()));
        assertThat(service.findByToken(CODE_VALUE, CODE)).isNotNull();
        verify(repository, times(2)).findByHash(AuthorizationRepository.HashColumn.CODE, TokenHashes.hash(CODE_VALUE));
    }

    @Test
    void savingRemovingOrRevokingForgetsWhatTheRequestFound() {
        RequestContextHolder.setRequestAttributes(new ServletRequestAttributes(new MockHttpServletRequest()));
        OAuth2Authorization found = service.findByToken(CODE_VALUE, CODE);
        service.save(found);
        service.findByToken(CODE_VALUE, CODE);
        service.remove(found);
        service.findByToken(CODE_VALUE, CODE);
        service.revokeFamilyAndSession(found.getId(), null, "test");
        service.findByToken(CODE_VALUE, CODE);

        verify(repository, times(4)).findByHash(eq(AuthorizationRepository.HashColumn.CODE), any());
    }

    @Test
    void withoutARequestEveryLookupReadsStorage() {
        service.findByToken(CODE_VALUE, CODE);
        service.findByToken(CODE_VALUE, CODE);

        verify(repository, times(2)).findByHash(any(), any());
    }

    @Test
    void aNewAuthorizationIsInsertedWithoutATransactionAndOneReadBeforeUpdatedAtItsVersionInOne() {
        AtomicInteger opened = new AtomicInteger();
        TransactionTemplate transactions = new TransactionTemplate() {
            @Override
            public <T> T execute(TransactionCallback<T> action) {
                opened.incrementAndGet();
                return action.doInTransaction(null);
            }
        };
        HashedAuthorizationService storing = new HashedAuthorizationService(repository, clients, mock(AccessTokenDenyList.class),
                mock(JwtDecoder.class), mock(IdTokenHints.class), transactions, mock(AuditService.class), Clock.fixed(NOW, ZoneOffset.UTC));
        OAuth2Authorization read = service.findByToken(CODE_VALUE, CODE);
        storing.save(OAuth2Authorization.withRegisteredClient(clients.findById("client-1")).id("authz-2").principalName("user-1")
                .authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
                .token(new OAuth2AuthorizationCode("another-code", NOW, NOW.plusSeconds(60))).build());
        verify(repository).insert(argThat(row -> row.id().equals("authz-2") && row.version() == null));
        assertThat(opened).as("one statement needs no transaction").hasValue(0);

        storing.save(OAuth2Authorization.from(read).refreshToken(new OAuth2RefreshToken("r", NOW, NOW.plusSeconds(600))).build());
        verify(repository).update(argThat(row -> row.id().equals("authz-1") && row.version() == 0L && row.attributes() == null));
        assertThat(opened).as("the row and its refresh token are written together").hasValue(1);
    }

    @Test
    void aSaveThatFindsTheRowChangedOrGoneIsAnInvalidGrant() {
        OAuth2Authorization read = service.findByToken(CODE_VALUE, CODE);
        when(repository.update(any())).thenReturn(false);

        assertThatThrownBy(() -> service.save(OAuth2Authorization.from(read).build()))
                .isInstanceOfSatisfying(OAuth2AuthenticationException.class,
                        e -> assertThat(e.getError().getErrorCode()).isEqualTo("invalid_grant"));
        verify(repository, never()).insert(any());
        verify(repository, never()).delete(any());
    }

    @Test
    void aSaveWithTokensThatFindsTheRowChangedRevokesItAndOneThatFindsItGoneOnlyRefuses() {
        TransactionTemplate transactions = new TransactionTemplate() {
            @Override
            public <T> T execute(TransactionCallback<T> action) {
                return action.doInTransaction(null);
            }
        };
        AuditService audit = mock(AuditService.class);
        HashedAuthorizationService storing = new HashedAuthorizationService(repository, clients, mock(AccessTokenDenyList.class),
                mock(JwtDecoder.class), mock(IdTokenHints.class), transactions, audit, Clock.fixed(NOW, ZoneOffset.UTC));
        OAuth2Authorization exchanged = OAuth2Authorization.from(service.findByToken(CODE_VALUE, CODE))
                .refreshToken(new OAuth2RefreshToken("r", NOW, NOW.plusSeconds(600))).build();
        when(repository.update(any())).thenReturn(false);

        when(repository.findById("authz-1")).thenReturn(Optional.empty());
        assertThatThrownBy(() -> storing.save(exchanged)).isInstanceOf(OAuth2AuthenticationException.class);
        verify(repository, never()).delete(any());
        verify(audit, never()).record(any());

        when(repository.findById("authz-1")).thenReturn(Optional.of(STORED));
        assertThatThrownBy(() -> storing.save(exchanged)).isInstanceOf(OAuth2AuthenticationException.class);
        verify(repository).delete("authz-1");
        verify(audit).record(argThat(event -> event.action().equals("token.concurrent_use_detected")));
    }
}
