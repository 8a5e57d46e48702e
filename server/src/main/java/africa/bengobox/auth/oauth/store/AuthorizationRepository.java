package africa.bengobox.auth.oauth.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class AuthorizationRepository {

    /** Columns that may be searched by a token hash; the names never come from user input. */
    enum HashColumn {
        STATE("state_hash"), CODE("code_hash"), ACCESS("access_token_hash"), ID_TOKEN("oidc_id_token_hash"),
        REFRESH("refresh_token_hash"), USER_CODE("user_code_hash"), DEVICE_CODE("device_code_hash");

        final String column;

        HashColumn(String column) {
            this.column = column;
        }
    }

    private static final String[] TOKENS = {"code", "access_token", "oidc_id_token", "refresh_token", "user_code", "device_code"};

    private static final String UPDATE = """
                update oauth_authorizations set registered_client_id = :client, principal_name = :principal, grant_type = :grant,
                  scopes = :scopes, attributes = :attributes, state_hash = :state,
                  code_hash = :code_hash, code_issued_at = :code_issued_at, code_expires_at = :code_expires_at, code_metadata = :code_metadata,
                  access_token_hash = :access_token_hash, access_token_issued_at = :access_token_issued_at,
                  access_token_expires_at = :access_token_expires_at, access_token_metadata = :access_token_metadata,
                  access_token_jti = :jti, access_token_type = :att, access_token_scopes = :ats,
                  oidc_id_token_hash = :oidc_id_token_hash, oidc_id_token_issued_at = :oidc_id_token_issued_at,
                  oidc_id_token_expires_at = :oidc_id_token_expires_at, oidc_id_token_metadata = :oidc_id_token_metadata,
                  refresh_token_hash = :refresh_token_hash, refresh_token_issued_at = :refresh_token_issued_at,
                  refresh_token_expires_at = :refresh_token_expires_at, refresh_token_metadata = :refresh_token_metadata,
                  user_code_hash = :user_code_hash, user_code_issued_at = :user_code_issued_at,
                  user_code_expires_at = :user_code_expires_at, user_code_metadata = :user_code_metadata,
                  device_code_hash = :device_code_hash, device_code_issued_at = :device_code_issued_at,
                  device_code_expires_at = :device_code_expires_at, device_code_metadata = :device_code_metadata,
                  session_id = :session, expires_at = :expires, row_version = row_version + 1
                where id = :id and row_version = :version""";

    private static final String INSERT = """
                insert into oauth_authorizations (id, registered_client_id, principal_name, grant_type, scopes, attributes, state_hash,
                  code_hash, code_issued_at, code_expires_at, code_metadata,
                  access_token_hash, access_token_issued_at, access_token_expires_at, access_token_metadata,
                  access_token_jti, access_token_type, access_token_scopes,
                  oidc_id_token_hash, oidc_id_token_issued_at, oidc_id_token_expires_at, oidc_id_token_metadata,
                  refresh_token_hash, refresh_token_issued_at, refresh_token_expires_at, refresh_token_metadata,
                  user_code_hash, user_code_issued_at, user_code_expires_at, user_code_metadata,
                  device_code_hash, device_code_issued_at, device_code_expires_at, device_code_metadata,
                  session_id, expires_at, created_at)
                values (:id, :client, :principal, :grant, :scopes, :attributes, :state,
                  :code_hash, :code_issued_at, :code_expires_at, :code_metadata,
                  :access_token_hash, :access_token_issued_at, :access_token_expires_at, :access_token_metadata,
                  :jti, :att, :ats,
                  :oidc_id_token_hash, :oidc_id_token_issued_at, :oidc_id_token_expires_at, :oidc_id_token_metadata,
                  :refresh_token_hash, :refresh_token_issued_at, :refresh_token_expires_at, :refresh_token_metadata,
                  :user_code_hash, :user_code_issued_at, :user_code_expires_at, :user_code_metadata,
                  :device_code_hash, :device_code_issued_at, :device_code_expires_at, :device_code_metadata,
                  :session, :expires, :created)""";

    private final JdbcClient jdbc;

    AuthorizationRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Optional<AuthorizationRow> findById(String id) {
        return jdbc.sql("select * from oauth_authorizations where id = :id").param("id", id).query(this::map).optional();
    }

    Optional<AuthorizationRow> findByHash(HashColumn column, String hash) {
        return jdbc.sql("select * from oauth_authorizations where " + column.column + " = :h").param("h", hash)
                .query(this::map).optional();
    }

    List<String> idsBySession(String sessionId) {
        return jdbc.sql("select id from oauth_authorizations where session_id = :s").param("s", sessionId).query(String.class).list();
    }

    List<String> idsByPrincipal(String principal) {
        return jdbc.sql("select id from oauth_authorizations where principal_name = :p").param("p", principal)
                .query(String.class).list();
    }

    /** What a person sees of their grants in a data export: no hashes, no metadata. */
    List<Map<String, Object>> summariesByPrincipal(String principal) {
        return jdbc.sql("""
                select registered_client_id, grant_type, scopes, created_at, expires_at from oauth_authorizations
                where principal_name = :p order by created_at""")
                .param("p", principal)
                .query((rs, n) -> {
                    Map<String, Object> m = new java.util.LinkedHashMap<>();
                    m.put("client", rs.getString(1));
                    m.put("grant_type", rs.getString(2));
                    m.put("scopes", rs.getString(3));
                    m.put("created_at", rs.getTimestamp(4).toInstant().toString());
                    m.put("expires_at", rs.getTimestamp(5).toInstant().toString());
                    return m;
                }).list();
    }

    /** Deletes the principal's refresh-token families (their tokens go with them): they name the user. */
    void deleteFamiliesOf(String principal) {
        jdbc.sql("delete from refresh_token_families where principal_name = :p").param("p", principal).update();
    }

    /** Stores an authorization not stored before; its id is new (a random UUID). */
    void insert(AuthorizationRow row) {
        jdbc.sql(INSERT).params(params(row)).update();
    }

    /**
     * Updates the row if it is still the version it was read as, and moves its version on. False when another request
     * changed or deleted it since: under PostgreSQL's read committed the second of two racing updates waits for the
     * first, then finds the version moved and updates nothing.
     */
    boolean update(AuthorizationRow row) {
        return jdbc.sql(UPDATE).params(params(row)).update() == 1;
    }

    void delete(String id) {
        jdbc.sql("delete from oauth_authorizations where id = :id").param("id", id).update();
    }

    int deleteExpired(Instant before) {
        return jdbc.sql("delete from oauth_authorizations where expires_at < :t").param("t", Timestamp.from(before)).update();
    }

    // refresh-token families ---------------------------------------------------------------------------------

    record RefreshTokenState(String familyId, String status, String authorizationId, String sessionId) {
    }

    Optional<RefreshTokenState> refreshTokenState(String hash) {
        return jdbc.sql("""
                select t.family_id, t.status, f.authorization_id, f.session_id
                from refresh_tokens t join refresh_token_families f on f.id = t.family_id where t.token_hash = :h""")
                .param("h", hash)
                .query((rs, n) -> new RefreshTokenState(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)))
                .optional();
    }

    /** Records the current refresh token of an authorization; the ones before it become "rotated". */
    void recordRefreshToken(String authorizationId, String clientId, String principal, String sessionId, String hash,
                            Instant issuedAt, Instant expiresAt) {
        boolean newFamily = jdbc.sql("""
                insert into refresh_token_families (id, authorization_id, client_id, principal_name, session_id, created_at)
                values (:id, :id, :client, :principal, :session, :at) on conflict do nothing""")
                .param("id", authorizationId).param("client", clientId).param("principal", principal)
                .param("session", sessionId).param("at", Timestamp.from(issuedAt)).update() == 1;
        if (!newFamily) {
            // a family's tokens live and die with it (foreign key, on delete cascade): a new family has none to check
            boolean known = jdbc.sql("select count(*) from refresh_tokens where token_hash = :h").param("h", hash)
                    .query(Long.class).single() > 0;
            if (known) {
                return;
            }
            jdbc.sql("update refresh_tokens set status = 'rotated' where family_id = :f and status = 'active'")
                    .param("f", authorizationId).update();
        }
        jdbc.sql("insert into refresh_tokens (token_hash, family_id, status, issued_at, expires_at) values (:h, :f, 'active', :i, :e)")
                .param("h", hash).param("f", authorizationId).param("i", Timestamp.from(issuedAt))
                .param("e", Timestamp.from(expiresAt == null ? issuedAt.plusSeconds(400L * 86400) : expiresAt)).update();
    }

    void revokeFamily(String familyId, Instant at, String reason) {
        jdbc.sql("update refresh_token_families set revoked_at = :at, revoke_reason = :r where id = :id and revoked_at is null")
                .param("at", Timestamp.from(at)).param("r", reason).param("id", familyId).update();
        jdbc.sql("update refresh_tokens set status = 'revoked' where family_id = :id").param("id", familyId).update();
    }

    int deleteExpiredRefreshTokens(Instant before) {
        return jdbc.sql("delete from refresh_tokens where expires_at < :t").param("t", Timestamp.from(before)).update();
    }

    // mapping ------------------------------------------------------------------------------------------------

    private static Map<String, Object> params(AuthorizationRow r) {
        Map<String, Object> p = new HashMap<>();
        p.put("id", r.id());
        p.put("client", r.registeredClientId());
        p.put("principal", r.principalName());
        p.put("grant", r.grantType());
        p.put("scopes", r.scopes());
        p.put("attributes", r.attributes());
        p.put("state", r.stateHash());
        token(p, "code", r.code());
        token(p, "access_token", r.accessToken());
        token(p, "oidc_id_token", r.idToken());
        token(p, "refresh_token", r.refreshToken());
        token(p, "user_code", r.userCode());
        token(p, "device_code", r.deviceCode());
        p.put("jti", r.accessTokenJti());
        p.put("att", r.accessTokenType());
        p.put("ats", r.accessTokenScopes());
        p.put("session", r.sessionId());
        p.put("expires", Timestamp.from(r.expiresAt()));
        p.put("created", Timestamp.from(r.createdAt()));
        p.put("version", r.version());
        return p;
    }

    private static void token(Map<String, Object> p, String prefix, AuthorizationRow.StoredToken t) {
        p.put(prefix + "_hash", t == null ? null : t.hash());
        p.put(prefix + "_issued_at", t == null || t.issuedAt() == null ? null : Timestamp.from(t.issuedAt()));
        p.put(prefix + "_expires_at", t == null || t.expiresAt() == null ? null : Timestamp.from(t.expiresAt()));
        p.put(prefix + "_metadata", t == null ? null : t.metadata());
    }

    private AuthorizationRow map(ResultSet rs, int row) throws SQLException {
        AuthorizationRow.StoredToken[] tokens = new AuthorizationRow.StoredToken[TOKENS.length];
        for (int i = 0; i < TOKENS.length; i++) {
            String hash = rs.getString(TOKENS[i] + "_hash");
            tokens[i] = hash == null ? null : new AuthorizationRow.StoredToken(hash, instant(rs, TOKENS[i] + "_issued_at"),
                    instant(rs, TOKENS[i] + "_expires_at"), rs.getString(TOKENS[i] + "_metadata"));
        }
        return new AuthorizationRow(rs.getString("id"), rs.getString("registered_client_id"), rs.getString("principal_name"),
                rs.getString("grant_type"), rs.getString("scopes"), rs.getString("attributes"), rs.getString("state_hash"),
                tokens[0], tokens[1], rs.getString("access_token_jti"), rs.getString("access_token_type"),
                rs.getString("access_token_scopes"), tokens[2], tokens[3], tokens[4], tokens[5], rs.getString("session_id"),
                instant(rs, "expires_at"), instant(rs, "created_at"), rs.getLong("row_version"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp ts = rs.getTimestamp(column);
        return ts == null ? null : ts.toInstant();
    }
}
