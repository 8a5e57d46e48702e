package africa.bengobox.auth.oauth.store;

import africa.bengobox.auth.audit.AuditEvent;
import africa.bengobox.auth.audit.AuditService;
import africa.bengobox.auth.oauth.login.SignedInUser;
import africa.bengobox.auth.oauth.revocation.AccessTokenDenyList;
import africa.bengobox.auth.oauth.token.IdTokenHints;
import africa.bengobox.auth.web.RequestMemo;
import java.security.Principal;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.core.Authentication;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.OAuth2DeviceCode;
import org.springframework.security.oauth2.core.OAuth2RefreshToken;
import org.springframework.security.oauth2.core.OAuth2Token;
import org.springframework.security.oauth2.core.OAuth2UserCode;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.core.oidc.OidcIdToken;
import org.springframework.security.oauth2.core.oidc.endpoint.OidcParameterNames;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationCode;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.settings.OAuth2TokenFormat;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The authorization store behind Spring's protocol endpoints, with four differences from its JDBC store:
 * token values are kept only as SHA-256 hashes; a client-credentials grant with a self-contained JWT is not stored
 * at all (the token carries everything, so issuing it writes nothing) and is rebuilt from the verified JWT when
 * presented again; every refresh token is remembered in its family so that a replayed one is recognised; and an
 * authorization read earlier is saved only if its row is still the version read, so that of two requests racing with
 * one code or refresh token, on one node or two, only the first gets tokens.
 */
@Service
public class HashedAuthorizationService implements OAuth2AuthorizationService {

    private static final Logger log = LoggerFactory.getLogger(HashedAuthorizationService.class);

    /**
     * Spring's code exchange reads the authorization twice in one request, for the PKCE check of client
     * authentication and again for the grant: the second read is answered from the request (an authorization is
     * immutable). Saving, removing or revoking an authorization forgets it.
     */
    private static final RequestMemo<Lookup, OAuth2Authorization> FOUND_IN_REQUEST = new RequestMemo<>("authorization");

    /**
     * The attribute that carries the stored row's version from a read to the save of what was built from it (Spring
     * copies attributes into every authorization built from another); never stored among the attributes.
     */
    private static final String VERSION = HashedAuthorizationService.class.getName() + ".version";

    /** What was looked up: the token's hash and the type it was asked as. */
    private record Lookup(String hash, OAuth2TokenType type) {
    }

    private final AuthorizationRepository repository;
    private final RegisteredClientRepository clients;
    private final AccessTokenDenyList denyList;
    private final JwtDecoder accessTokenDecoder;
    private final Clock clock;
    private final IdTokenHints idTokenHints;
    private final TransactionTemplate transactions;
    private final AuditService audit;
    private final AuthorizationJson json = new AuthorizationJson();

    HashedAuthorizationService(AuthorizationRepository repository, RegisteredClientRepository clients,
                               AccessTokenDenyList denyList, JwtDecoder accessTokenDecoder, IdTokenHints idTokenHints,
                               TransactionTemplate transactions, AuditService audit, Clock clock) {
        this.repository = repository;
        this.clients = clients;
        this.denyList = denyList;
        this.accessTokenDecoder = accessTokenDecoder;
        this.idTokenHints = idTokenHints;
        this.transactions = transactions;
        this.audit = audit;
        this.clock = clock;
    }

    /**
     * Not {@code @Transactional}: a self-contained client-credentials token is not stored, and opening a transaction
     * only to write nothing cost 8% of the token endpoint's CPU (a pooled connection, auto-commit off and on). An
     * authorization without tokens yet (a code or device code being issued) is one row written by one statement, so
     * it needs no transaction either (a round trip fewer: the COMMIT; BEGIN travels with the statement).
     */
    @Override
    public void save(OAuth2Authorization authorization) {
        FOUND_IN_REQUEST.forget();
        if (isSelfContained(authorization)) {
            revokeIfInvalidated(authorization);
            return;
        }
        if (withoutTokens(authorization)) {
            if (!store(authorization)) {
                throw usedMeanwhile();
            }
            return;
        }
        boolean stored = Boolean.TRUE.equals(transactions.execute(status -> {
            revokeIfInvalidated(authorization);
            return store(authorization);
        }));
        if (!stored) {
            revokeUsedTwice(authorization);
            throw usedMeanwhile();
        }
    }

    /**
     * The row changed since it was read: its code or refresh token was used by another request at the same time, and,
     * as for a replay (RFC 6749 4.1.2, RFC 9700 4.14.2), what that use was given is revoked too. A row that is gone
     * was revoked meanwhile: nothing is left to do.
     */
    private void revokeUsedTwice(OAuth2Authorization authorization) {
        String id = authorization.getId();
        Integer revoked = transactions.execute(status -> revoke(List.of(id), "concurrent_use"));
        if (revoked != null && revoked > 0) {
            audit.record(new AuditEvent("client", clientId(authorization), null, "token.concurrent_use_detected",
                    "authorization", id, null, Map.of()));
            log.warn("A grant was used by two requests at once; its authorization is revoked");
        }
    }

    private static OAuth2AuthenticationException usedMeanwhile() {
        return new OAuth2AuthenticationException(new OAuth2Error(OAuth2ErrorCodes.INVALID_GRANT,
                "The grant was used or revoked meanwhile", null));
    }

    private String clientId(OAuth2Authorization authorization) {
        RegisteredClient client = clients.findById(authorization.getRegisteredClientId());
        return client == null ? authorization.getRegisteredClientId() : client.getClientId();
    }

    private static boolean withoutTokens(OAuth2Authorization authorization) {
        return authorization.getAccessToken() == null && authorization.getRefreshToken() == null;
    }

    private void revokeIfInvalidated(OAuth2Authorization authorization) {
        OAuth2Authorization.Token<OAuth2AccessToken> access = authorization.getAccessToken();
        if (access != null && access.isInvalidated()) {
            denyList.revoke(jti(access), access.getToken().getExpiresAt(), authorization.getRegisteredClientId(), "revoked");
        }
    }

    /** False when the authorization was read before and its row has changed or gone since: nothing is written then. */
    private boolean store(OAuth2Authorization authorization) {
        OAuth2Authorization.Token<OAuth2AccessToken> access = authorization.getAccessToken();
        Instant now = clock.instant();
        String sessionId = principal(authorization).filter(SignedInUser::isUser).map(SignedInUser::sessionId).orElse(null);
        Map<String, Object> attributes = new HashMap<>(authorization.getAttributes());
        Long version = (Long) attributes.remove(VERSION);
        String state = (String) attributes.remove(OAuth2ParameterNames.STATE);
        AuthorizationRow row = new AuthorizationRow(authorization.getId(), authorization.getRegisteredClientId(),
                authorization.getPrincipalName(), authorization.getAuthorizationGrantType().getValue(),
                String.join(" ", authorization.getAuthorizedScopes()), json.write(attributes),
                state == null ? null : TokenHashes.hash(state),
                stored(authorization.getToken(OAuth2AuthorizationCode.class)), stored(access),
                access == null ? null : jti(access),
                access == null ? null : access.getToken().getTokenType().getValue(),
                access == null ? null : String.join(" ", access.getToken().getScopes()),
                stored(authorization.getToken(OidcIdToken.class)), stored(authorization.getRefreshToken()),
                stored(authorization.getToken(OAuth2UserCode.class)), stored(authorization.getToken(OAuth2DeviceCode.class)),
                sessionId, expiry(authorization, now), now, version);
        if (version == null) {
            repository.insert(row);
        } else if (!repository.update(row)) {
            return false;
        }
        OAuth2Authorization.Token<OAuth2RefreshToken> refresh = authorization.getRefreshToken();
        if (refresh != null) {
            repository.recordRefreshToken(authorization.getId(), clientId(authorization), authorization.getPrincipalName(),
                    sessionId, TokenHashes.hash(refresh.getToken().getTokenValue()), refresh.getToken().getIssuedAt(),
                    refresh.getToken().getExpiresAt());
        }
        return true;
    }

    @Override
    @Transactional
    public void remove(OAuth2Authorization authorization) {
        FOUND_IN_REQUEST.forget();
        repository.delete(authorization.getId());
    }

    @Override
    public OAuth2Authorization findById(String id) {
        return repository.findById(id).map(row -> rebuild(row, null)).orElse(null);
    }

    @Override
    public OAuth2Authorization findByToken(String token, OAuth2TokenType tokenType) {
        if (token == null || token.isEmpty() || token.length() > 8192 || token.startsWith(TokenHashes.PLACEHOLDER_PREFIX)) {
            return null;
        }
        boolean accessTokenExpected = tokenType == null || OAuth2TokenType.ACCESS_TOKEN.equals(tokenType);
        Jwt jwt = accessTokenExpected ? verifiedAccessToken(token) : null;
        if (jwt != null && isServiceAccountToken(jwt)) {
            // self-contained: answered from the verified token and the deny list, without a database round trip
            return fromSelfContainedJwt(token, jwt);
        }
        String hash = TokenHashes.hash(token);
        List<AuthorizationRepository.HashColumn> columns = jwt != null ? List.of(AuthorizationRepository.HashColumn.ACCESS)
                : columnsFor(tokenType);
        Lookup lookup = new Lookup(hash, tokenType);
        OAuth2Authorization inRequest = FOUND_IN_REQUEST.get(lookup);
        if (inRequest != null) {
            return inRequest;
        }
        for (AuthorizationRepository.HashColumn column : columns) {
            Optional<AuthorizationRow> row = repository.findByHash(column, hash);
            if (row.isPresent()) {
                OAuth2Authorization authorization = rebuild(row.get(), token);
                FOUND_IN_REQUEST.put(lookup, authorization);
                return authorization;
            }
        }
        if (tokenType != null && OidcParameterNames.ID_TOKEN.equals(tokenType.getValue())) {
            // the authorization is gone (its tokens expired an hour ago, or it was revoked): logout still works
            return idTokenHints.verify(token).map(idToken -> fromIdTokenHint(token, idToken)).orElse(null);
        }
        return null;
    }

    /** Our own live access token, verified (signature, issuer, type, lifetime); anything else is looked up in storage. */
    private Jwt verifiedAccessToken(String token) {
        if (!looksLikeJwt(token)) {
            return null;
        }
        try {
            return accessTokenDecoder.decode(token);
        } catch (JwtException e) {
            return null;
        }
    }

    private static boolean isServiceAccountToken(Jwt jwt) {
        return jwt.getClaims().get("client_id") instanceof String id && Objects.equals(jwt.getSubject(), id);
    }

    /**
     * Revokes every token issued to the user (a password reset, an account deletion): the authorizations are
     * deleted, their refresh-token families marked revoked and their JWT access tokens deny-listed.
     */
    @Transactional
    public int revokeAllOfPrincipal(String principalName, String reason) {
        return revoke(repository.idsByPrincipal(principalName), reason);
    }

    /** Revokes everything of the principal and deletes what still names them (account deletion). */
    @Transactional
    public void forgetPrincipal(String principalName) {
        revokeAllOfPrincipal(principalName, "account_deleted");
        repository.deleteFamiliesOf(principalName);
    }

    /** The user's current grants (client, grant type, scopes, times), for their data export. */
    public List<Map<String, Object>> grantsOf(String principalName) {
        return repository.summariesByPrincipal(principalName);
    }

    /** Revokes every token of the authorization and of every authorization of the same SSO session; returns how many were. */
    @Transactional
    public int revokeFamilyAndSession(String authorizationId, String sessionId, String reason) {
        Set<String> ids = new LinkedHashSet<>();
        ids.add(authorizationId);
        if (sessionId != null) {
            ids.addAll(repository.idsBySession(sessionId));
        }
        return revoke(ids, reason);
    }

    /**
     * Deletes the authorizations, marks their refresh-token families revoked and deny-lists their JWT access tokens;
     * returns how many of them were still there.
     */
    private int revoke(Collection<String> ids, String reason) {
        FOUND_IN_REQUEST.forget();
        Instant now = clock.instant();
        int revoked = 0;
        for (String id : ids) {
            Optional<AuthorizationRow> found = repository.findById(id);
            if (found.isEmpty()) {
                continue;
            }
            AuthorizationRow row = found.get();
            if (row.accessTokenJti() != null && row.accessToken() != null) {
                denyList.revoke(row.accessTokenJti(), row.accessToken().expiresAt(), row.registeredClientId(), reason);
            }
            repository.revokeFamily(id, now, reason);
            repository.delete(id);
            revoked++;
        }
        return revoked;
    }

    public Optional<RefreshTokenStatus> refreshTokenStatus(String refreshToken) {
        return repository.refreshTokenState(TokenHashes.hash(refreshToken))
                .map(s -> new RefreshTokenStatus(s.familyId(), "active".equals(s.status()), s.sessionId()));
    }

    public record RefreshTokenStatus(String authorizationId, boolean current, String sessionId) {
    }

    @Scheduled(fixedDelay = 300_000, initialDelay = 60_000)
    @Transactional
    public void deleteExpired() {
        Instant cutoff = clock.instant();
        repository.deleteExpired(cutoff);
        repository.deleteExpiredRefreshTokens(cutoff);
    }

    // ---------------------------------------------------------------------------------------------------------

    private static boolean isSelfContained(OAuth2Authorization authorization) {
        return AuthorizationGrantType.CLIENT_CREDENTIALS.equals(authorization.getAuthorizationGrantType())
                && authorization.getRefreshToken() == null
                && authorization.getAccessToken() != null
                && authorization.getAccessToken().getClaims() != null
                && authorization.getAccessToken().getClaims().containsKey("jti")
                && looksLikeJwt(authorization.getAccessToken().getToken().getTokenValue());
    }

    private static boolean looksLikeJwt(String value) {
        int first = value.indexOf('.');
        int second = first < 0 ? -1 : value.indexOf('.', first + 1);
        return second > 0 && value.indexOf('.', second + 1) < 0 && !value.startsWith(TokenHashes.PLACEHOLDER_PREFIX);
    }

    private OAuth2Authorization fromSelfContainedJwt(String token, Jwt jwt) {
        String id = (String) jwt.getClaims().get("client_id");
        RegisteredClient client = clients.findByClientId(id);
        if (client == null || !client.getTokenSettings().getAccessTokenFormat().equals(OAuth2TokenFormat.SELF_CONTAINED)) {
            return null;
        }
        Set<String> scopes = new LinkedHashSet<>();
        Object scope = jwt.getClaims().get("scope");
        if (scope instanceof String s && !s.isBlank()) {
            scopes.addAll(Arrays.asList(s.split(" ")));
        }
        OAuth2AccessToken accessToken = new OAuth2AccessToken(OAuth2AccessToken.TokenType.BEARER, token,
                jwt.getIssuedAt(), jwt.getExpiresAt(), scopes);
        boolean revoked = denyList.isRevoked(jwt.getId());
        return OAuth2Authorization.withRegisteredClient(client)
                .id("jwt:" + jwt.getId())
                .principalName(id)
                .authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS)
                .authorizedScopes(scopes)
                .token(accessToken, metadata -> {
                    metadata.put(OAuth2Authorization.Token.CLAIMS_METADATA_NAME, jwt.getClaims());
                    metadata.put(OAuth2Authorization.Token.INVALIDATED_METADATA_NAME, revoked);
                })
                .build();
    }

    /**
     * An authorization rebuilt from a verified ID token alone, for RP-initiated logout: its client is the token's
     * audience, its principal the token's subject (our authentications are named by user id, the {@code sub}).
     */
    private OAuth2Authorization fromIdTokenHint(String token, Jwt jwt) {
        String clientId = jwt.getClaimAsString("azp") != null ? jwt.getClaimAsString("azp") : jwt.getAudience().getFirst();
        RegisteredClient client = clients.findByClientId(clientId);
        if (client == null) {
            return null;
        }
        OidcIdToken idToken = new OidcIdToken(token, jwt.getIssuedAt(), jwt.getExpiresAt(), jwt.getClaims());
        return OAuth2Authorization.withRegisteredClient(client)
                .id("id-token-hint:" + TokenHashes.hash(token))
                .principalName(jwt.getSubject())
                .authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
                .attribute(Principal.class.getName(),
                        UsernamePasswordAuthenticationToken.authenticated(jwt.getSubject(), null, List.of()))
                .token(idToken, metadata -> metadata.put(OAuth2Authorization.Token.CLAIMS_METADATA_NAME, jwt.getClaims()))
                .build();
    }

    private OAuth2Authorization rebuild(AuthorizationRow row, String presentedToken) {
        RegisteredClient client = clients.findById(row.registeredClientId());
        if (client == null) {
            return null;
        }
        String presentedHash = presentedToken == null ? null : TokenHashes.hash(presentedToken);
        OAuth2Authorization.Builder builder = OAuth2Authorization.withRegisteredClient(client)
                .id(row.id())
                .principalName(row.principalName())
                .authorizationGrantType(new AuthorizationGrantType(row.grantType()))
                .authorizedScopes(words(row.scopes()))
                .attributes(a -> {
                    a.putAll(json.read(row.attributes()));
                    a.put(VERSION, row.version());
                });
        if (row.stateHash() != null) {
            builder.attribute(OAuth2ParameterNames.STATE, value(row.stateHash(), presentedHash, presentedToken));
        }
        if (row.code() != null) {
            AuthorizationRow.StoredToken t = row.code();
            add(builder, new OAuth2AuthorizationCode(value(t.hash(), presentedHash, presentedToken), t.issuedAt(), t.expiresAt()), t);
        }
        if (row.accessToken() != null) {
            AuthorizationRow.StoredToken t = row.accessToken();
            OAuth2AccessToken.TokenType type = OAuth2AccessToken.TokenType.DPOP.getValue().equalsIgnoreCase(row.accessTokenType())
                    ? OAuth2AccessToken.TokenType.DPOP : OAuth2AccessToken.TokenType.BEARER;
            add(builder, new OAuth2AccessToken(type, value(t.hash(), presentedHash, presentedToken), t.issuedAt(),
                    t.expiresAt(), words(row.accessTokenScopes())), t);
        }
        if (row.idToken() != null) {
            AuthorizationRow.StoredToken t = row.idToken();
            Map<String, Object> metadata = json.read(t.metadata());
            @SuppressWarnings("unchecked")
            Map<String, Object> claims = (Map<String, Object>) metadata.get(OAuth2Authorization.Token.CLAIMS_METADATA_NAME);
            add(builder, new OidcIdToken(value(t.hash(), presentedHash, presentedToken), t.issuedAt(), t.expiresAt(),
                    claims == null ? Map.of("sub", row.principalName()) : claims), t);
        }
        if (row.refreshToken() != null) {
            AuthorizationRow.StoredToken t = row.refreshToken();
            add(builder, new OAuth2RefreshToken(value(t.hash(), presentedHash, presentedToken), t.issuedAt(), t.expiresAt()), t);
        }
        if (row.userCode() != null) {
            AuthorizationRow.StoredToken t = row.userCode();
            add(builder, new OAuth2UserCode(value(t.hash(), presentedHash, presentedToken), t.issuedAt(), t.expiresAt()), t);
        }
        if (row.deviceCode() != null) {
            AuthorizationRow.StoredToken t = row.deviceCode();
            add(builder, new OAuth2DeviceCode(value(t.hash(), presentedHash, presentedToken), t.issuedAt(), t.expiresAt()), t);
        }
        return builder.build();
    }

    private void add(OAuth2Authorization.Builder builder, OAuth2Token token, AuthorizationRow.StoredToken stored) {
        Map<String, Object> metadata = json.read(stored.metadata());
        builder.token(token, m -> m.putAll(metadata));
    }

    private static String value(String hash, String presentedHash, String presentedToken) {
        return hash.equals(presentedHash) ? presentedToken : TokenHashes.placeholder(hash);
    }

    private AuthorizationRow.StoredToken stored(OAuth2Authorization.Token<? extends OAuth2Token> token) {
        if (token == null) {
            return null;
        }
        OAuth2Token t = token.getToken();
        return new AuthorizationRow.StoredToken(TokenHashes.hash(t.getTokenValue()), t.getIssuedAt(), t.getExpiresAt(),
                json.write(token.getMetadata()));
    }

    private static String jti(OAuth2Authorization.Token<OAuth2AccessToken> access) {
        Map<String, Object> claims = access.getClaims();
        Object jti = claims == null ? null : claims.get("jti");
        return jti == null ? null : jti.toString();
    }

    /** Kept until the last of its tokens expired; an authorization waiting for consent lives one hour at most. */
    private static Instant expiry(OAuth2Authorization authorization, Instant now) {
        List<Instant> candidates = new ArrayList<>();
        candidates.add(now.plusSeconds(3600));
        for (Class<? extends OAuth2Token> type : List.of(OAuth2AuthorizationCode.class, OAuth2AccessToken.class,
                OidcIdToken.class, OAuth2RefreshToken.class, OAuth2UserCode.class, OAuth2DeviceCode.class)) {
            OAuth2Authorization.Token<? extends OAuth2Token> token = authorization.getToken(type);
            if (token != null && token.getToken().getExpiresAt() != null) {
                candidates.add(token.getToken().getExpiresAt());
            }
        }
        return Collections.max(candidates);
    }

    private static List<AuthorizationRepository.HashColumn> columnsFor(OAuth2TokenType type) {
        if (type == null) {
            // a token of unknown type (introspection, revocation without hint); the consent state is not a token
            return List.of(AuthorizationRepository.HashColumn.ACCESS, AuthorizationRepository.HashColumn.REFRESH,
                    AuthorizationRepository.HashColumn.ID_TOKEN, AuthorizationRepository.HashColumn.CODE,
                    AuthorizationRepository.HashColumn.DEVICE_CODE, AuthorizationRepository.HashColumn.USER_CODE);
        }
        return switch (type.getValue()) {
            case OAuth2ParameterNames.STATE -> List.of(AuthorizationRepository.HashColumn.STATE);
            case OAuth2ParameterNames.CODE -> List.of(AuthorizationRepository.HashColumn.CODE);
            case OAuth2ParameterNames.ACCESS_TOKEN -> List.of(AuthorizationRepository.HashColumn.ACCESS);
            case OAuth2ParameterNames.REFRESH_TOKEN -> List.of(AuthorizationRepository.HashColumn.REFRESH);
            case OidcParameterNames.ID_TOKEN -> List.of(AuthorizationRepository.HashColumn.ID_TOKEN);
            case OAuth2ParameterNames.USER_CODE -> List.of(AuthorizationRepository.HashColumn.USER_CODE);
            case OAuth2ParameterNames.DEVICE_CODE -> List.of(AuthorizationRepository.HashColumn.DEVICE_CODE);
            default -> List.of();
        };
    }

    private static Set<String> words(String s) {
        return s == null || s.isBlank() ? Set.of() : new LinkedHashSet<>(Arrays.asList(s.trim().split(" ")));
    }

    /** The signed-in user an authorization was granted by, if any. */
    public static Optional<Authentication> principal(OAuth2Authorization authorization) {
        return Optional.ofNullable(authorization.getAttribute(Principal.class.getName()));
    }
}
