package africa.bengobox.auth.tenancy;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class TenantRepository {

    private final JdbcClient jdbc;

    TenantRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Optional<Tenant> findBySlug(String slug) {
        return jdbc.sql("select * from tenants where slug = :slug").param("slug", slug).query(TenantRepository::map).optional();
    }

    Optional<Tenant> findById(UUID id) {
        return jdbc.sql("select * from tenants where id = :id").param("id", id).query(TenantRepository::map).optional();
    }

    void insert(Tenant t) {
        jdbc.sql("insert into tenants (id, slug, name, status, settings, created_at, updated_at) values (:id, :slug, :name, :status, :settings, :c, :u)")
                .param("id", t.id()).param("slug", t.slug()).param("name", t.name())
                .param("status", t.status().name().toLowerCase(Locale.ROOT)).param("settings", t.settings().toJson())
                .param("c", Timestamp.from(t.createdAt())).param("u", Timestamp.from(t.updatedAt())).update();
    }

    void updateName(UUID id, String name, java.time.Instant at) {
        jdbc.sql("update tenants set name = :name, updated_at = :at, version = version + 1 where id = :id")
                .param("name", name).param("at", Timestamp.from(at)).param("id", id).update();
    }

    Optional<Outlet> findOutlet(UUID tenantId, String slug) {
        return jdbc.sql("select id, tenant_id, slug, name from outlets where tenant_id = :t and slug = :s")
                .param("t", tenantId).param("s", slug)
                .query((rs, n) -> new Outlet(rs.getObject("id", UUID.class), rs.getObject("tenant_id", UUID.class),
                        rs.getString("slug"), rs.getString("name")))
                .optional();
    }

    void insertOutlet(Outlet o, java.time.Instant at) {
        jdbc.sql("insert into outlets (id, tenant_id, slug, name, created_at, updated_at) values (:id, :t, :s, :n, :at, :at)")
                .param("id", o.id()).param("t", o.tenantId()).param("s", o.slug()).param("n", o.name())
                .param("at", Timestamp.from(at)).update();
    }

    void updateOutletName(UUID id, String name, java.time.Instant at) {
        jdbc.sql("update outlets set name = :n, updated_at = :at, version = version + 1 where id = :id")
                .param("n", name).param("at", Timestamp.from(at)).param("id", id).update();
    }

    static Tenant map(ResultSet rs, int row) throws SQLException {
        return new Tenant(rs.getObject("id", UUID.class), rs.getString("slug"), rs.getString("name"),
                Tenant.Status.valueOf(rs.getString("status").toUpperCase(Locale.ROOT)),
                rs.getTimestamp("created_at").toInstant(), rs.getTimestamp("updated_at").toInstant(),
                TenantSettings.parse(rs.getString("settings")));
    }
}
