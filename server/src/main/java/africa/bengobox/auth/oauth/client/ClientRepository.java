package africa.bengobox.auth.oauth.client;

import africa.bengobox.auth.config.ChangeCounter;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class ClientRepository {

    private final JdbcClient jdbc;
    private final ChangeCounter changes;

    ClientRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
        this.changes = new ChangeCounter(jdbc, "oauth_client_registry_version");
    }

    Optional<OAuthClient> findByClientId(String clientId) {
        return jdbc.sql("select * from oauth_clients where client_id = :cid").param("cid", clientId)
                .query(this::map).optional();
    }

    Optional<OAuthClient> findById(UUID id) {
        return jdbc.sql("select * from oauth_clients where id = :id").param("id", id).query(this::map).optional();
    }

    List<String> allRedirectUris() {
        return jdbc.sql("""
                select u.uri from oauth_client_redirect_uris u join oauth_clients c on c.id = u.client_id
                where u.kind = 'login' and c.status = 'active'""").query(String.class).list();
    }

    /** The registry's changes (V6 migration), which every node follows to drop its cached registrations. */
    ChangeCounter changes() {
        return changes;
    }

    void insert(OAuthClient c) {
        jdbc.sql("""
                insert into oauth_clients (id, client_id, client_name, client_secret_hash, tenant_id, auth_methods, grant_types,
                    require_consent, require_pkce, access_token_format, access_token_alg, id_token_alg, jwks_uri,
                    introspection_permitted, access_token_ttl_seconds, refresh_token_ttl_seconds, status, created_at, updated_at)
                values (:id, :cid, :name, :secret, :tenant, :methods, :grants, :consent, :pkce, :format, :atAlg, :idAlg, :jwks,
                    :introspect, :atTtl, :rtTtl, :status, :created, :updated)""")
                .params(params(c)).update();
        replaceChildren(c);
    }

    void update(OAuthClient c) {
        jdbc.sql("""
                update oauth_clients set client_name = :name, client_secret_hash = :secret, tenant_id = :tenant,
                    auth_methods = :methods, grant_types = :grants, require_consent = :consent, require_pkce = :pkce,
                    access_token_format = :format, access_token_alg = :atAlg, id_token_alg = :idAlg, jwks_uri = :jwks,
                    introspection_permitted = :introspect, access_token_ttl_seconds = :atTtl,
                    refresh_token_ttl_seconds = :rtTtl, status = :status, updated_at = :updated, version = version + 1
                where id = :id""")
                .params(params(c)).update();
        replaceChildren(c);
    }

    private void replaceChildren(OAuthClient c) {
        jdbc.sql("delete from oauth_client_redirect_uris where client_id = :id").param("id", c.id()).update();
        jdbc.sql("delete from oauth_client_scopes where client_id = :id").param("id", c.id()).update();
        for (String uri : new LinkedHashSet<>(c.redirectUris())) {
            insertUri(c.id(), "login", uri);
        }
        for (String uri : new LinkedHashSet<>(c.postLogoutRedirectUris())) {
            insertUri(c.id(), "post_logout", uri);
        }
        for (String scope : c.scopes()) {
            jdbc.sql("insert into oauth_client_scopes (client_id, scope) values (:id, :s)").param("id", c.id()).param("s", scope).update();
        }
    }

    private void insertUri(UUID id, String kind, String uri) {
        jdbc.sql("insert into oauth_client_redirect_uris (client_id, kind, uri) values (:id, :k, :u)")
                .param("id", id).param("k", kind).param("u", uri).update();
    }

    private static Map<String, Object> params(OAuthClient c) {
        Map<String, Object> m = new HashMap<>();
        m.put("id", c.id());
        m.put("cid", c.clientId());
        m.put("name", c.clientName());
        m.put("secret", c.secretHash());
        m.put("tenant", c.tenantId());
        m.put("methods", String.join(" ", c.authMethods()));
        m.put("grants", String.join(" ", c.grantTypes()));
        m.put("consent", c.requireConsent());
        m.put("pkce", c.requirePkce());
        m.put("format", c.accessTokenFormat().name().toLowerCase(Locale.ROOT));
        m.put("atAlg", c.accessTokenAlg());
        m.put("idAlg", c.idTokenAlg());
        m.put("jwks", c.jwksUri());
        m.put("introspect", c.introspectionPermitted());
        m.put("atTtl", c.accessTokenTtl() == null ? null : (int) c.accessTokenTtl().toSeconds());
        m.put("rtTtl", c.refreshTokenTtl() == null ? null : (int) c.refreshTokenTtl().toSeconds());
        m.put("status", c.active() ? "active" : "disabled");
        m.put("created", Timestamp.from(c.createdAt()));
        m.put("updated", Timestamp.from(c.updatedAt()));
        return m;
    }

    private OAuthClient map(ResultSet rs, int row) throws SQLException {
        UUID id = rs.getObject("id", UUID.class);
        List<String[]> uris = jdbc.sql("select kind, uri from oauth_client_redirect_uris where client_id = :id order by uri")
                .param("id", id).query((r, n) -> new String[] {r.getString("kind"), r.getString("uri")}).list();
        Set<String> scopes = new LinkedHashSet<>(jdbc.sql("select scope from oauth_client_scopes where client_id = :id order by scope")
                .param("id", id).query(String.class).list());
        Integer atTtl = (Integer) rs.getObject("access_token_ttl_seconds");
        Integer rtTtl = (Integer) rs.getObject("refresh_token_ttl_seconds");
        return new OAuthClient(id, rs.getString("client_id"), rs.getString("client_name"), rs.getString("client_secret_hash"),
                rs.getObject("tenant_id", UUID.class), words(rs.getString("auth_methods")), words(rs.getString("grant_types")),
                uris.stream().filter(u -> u[0].equals("login")).map(u -> u[1]).toList(),
                uris.stream().filter(u -> u[0].equals("post_logout")).map(u -> u[1]).toList(),
                scopes, rs.getBoolean("require_consent"), rs.getBoolean("require_pkce"),
                OAuthClient.TokenFormat.valueOf(rs.getString("access_token_format").toUpperCase(Locale.ROOT)),
                rs.getString("access_token_alg"), rs.getString("id_token_alg"), rs.getString("jwks_uri"),
                rs.getBoolean("introspection_permitted"),
                atTtl == null ? null : Duration.ofSeconds(atTtl), rtTtl == null ? null : Duration.ofSeconds(rtTtl),
                "active".equals(rs.getString("status")), rs.getTimestamp("created_at").toInstant(),
                rs.getTimestamp("updated_at").toInstant());
    }

    private static Set<String> words(String s) {
        return new LinkedHashSet<>(Arrays.asList(s.trim().split("\\s+")));
    }
}
