package africa.bengobox.auth.oauth.store;

import java.time.Instant;

/**
 * One stored authorization: token hashes, their lifetimes and metadata (JSON), never token values. {@code version} is
 * the row's version as read, and null for an authorization not stored yet.
 */
record AuthorizationRow(
        String id, String registeredClientId, String principalName, String grantType, String scopes, String attributes,
        String stateHash, StoredToken code, StoredToken accessToken, String accessTokenJti, String accessTokenType,
        String accessTokenScopes, StoredToken idToken, StoredToken refreshToken, StoredToken userCode,
        StoredToken deviceCode, String sessionId, Instant expiresAt, Instant createdAt, Long version) {

    record StoredToken(String hash, Instant issuedAt, Instant expiresAt, String metadata) {
    }
}
