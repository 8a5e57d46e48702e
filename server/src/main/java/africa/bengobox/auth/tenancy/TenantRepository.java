package africa.bengobox.auth.tenancy;

import africa.bengobox.auth.config.ChangeCounter;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

@Repository
class TenantRepository {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final JdbcClient jdbc;
    private final ChangeCounter changes;

    TenantRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
        this.changes = new ChangeCounter(jdbc, "tenant_registry_version");
    }

    Optional<Tenant> findBySlug(String slug) {
        return jdbc.sql("select * from tenants where slug = :slug").param("slug", slug).query(TenantRepository::map).optional();
    }

    Optional<Tenant> findById(UUID id) {
        return jdbc.sql("select * from tenants where id = :id").param("id", id).query(TenantRepository::map).optional();
    }

    /** The tenants' changes (V7 migration), which every node follows to drop its cached tenants. */
    ChangeCounter changes() {
        return changes;
    }

    void insert(Tenant t) {
        jdbc.sql("insert into tenants (id, slug, name, status, settings, created_at, updated_at) values (:id, :slug, :name, :status, :settings, :c, :u)")
                .param("id", t.id()).param("slug", t.slug()).param("name", t.name())
                .param("status", t.status().name().toLowerCase(Locale.ROOT)).param("settings", t.settings().toJson())
                .param("c", Timestamp.from(t.createdAt())).param("u", Timestamp.from(t.updatedAt())).update();
        jdbc.sql("insert into tenant_sync_state (tenant_id, snapshot_hash, synced_at) values (:id, '-', :epoch)")
                .param("id", t.id()).param("epoch", Timestamp.from(Instant.EPOCH)).update();
    }

    void updateName(UUID id, String name, Instant at) {
        jdbc.sql("update tenants set name = :name, updated_at = :at, version = version + 1 where id = :id")
                .param("name", name).param("at", Timestamp.from(at)).param("id", id).update();
    }

    boolean update(UUID id, int expectedVersion, String name, Tenant.Status status, TenantSettings settings, Instant at) {
        return jdbc.sql("""
                update tenants set name = :name, status = :status, settings = :settings, updated_at = :at, version = version + 1
                where id = :id and version = :v""")
                .param("name", name).param("status", status.name().toLowerCase(Locale.ROOT)).param("settings", settings.toJson())
                .param("at", Timestamp.from(at)).param("id", id).param("v", expectedVersion).update() == 1;
    }

    /** Tenants ordered by slug after the cursor; optional filters: status, slug prefix, one tenant only. */
    List<Tenant> list(String status, String slugPrefix, UUID only, String afterSlug, int limit) {
        return jdbc.sql("""
                select * from tenants
                where (cast(:st as varchar(16)) is null or status = :st)
                  and (cast(:prefix as varchar(64)) is null or slug like :prefix)
                  and (cast(:only as uuid) is null or id = :only)
                  and (cast(:after as varchar(63)) is null or slug > :after)
                order by slug limit :n""")
                .param("st", status).param("prefix", slugPrefix == null ? null : slugPrefix + "%")
                .param("only", only).param("after", afterSlug).param("n", limit)
                .query(TenantRepository::map).list();
    }

    Optional<Outlet> findOutlet(UUID tenantId, String slug) {
        return jdbc.sql("select * from outlets where tenant_id = :t and slug = :s")
                .param("t", tenantId).param("s", slug).query(TenantRepository::mapOutlet).optional();
    }

    Optional<Outlet> findOutlet(UUID tenantId, UUID id) {
        return jdbc.sql("select * from outlets where tenant_id = :t and id = :id")
                .param("t", tenantId).param("id", id).query(TenantRepository::mapOutlet).optional();
    }

    List<Outlet> outlets(UUID tenantId, String afterSlug, int limit) {
        return jdbc.sql("""
                select * from outlets where tenant_id = :t and (cast(:after as varchar(63)) is null or slug > :after)
                order by slug limit :n""")
                .param("t", tenantId).param("after", afterSlug).param("n", limit).query(TenantRepository::mapOutlet).list();
    }

    void insertOutlet(Outlet o, Instant at) {
        Outlet.Address a = o.address();
        jdbc.sql("""
                insert into outlets (id, tenant_id, slug, name, address_line1, address_line2, city, region, postal_code, country,
                                     metadata, created_at, updated_at)
                values (:id, :t, :s, :n, :l1, :l2, :city, :region, :pc, :country, :meta, :at, :at)""")
                .param("id", o.id()).param("t", o.tenantId()).param("s", o.slug()).param("n", o.name())
                .param("l1", a.line1()).param("l2", a.line2()).param("city", a.city()).param("region", a.region())
                .param("pc", a.postalCode()).param("country", a.country()).param("meta", JSON.writeValueAsString(o.metadata()))
                .param("at", Timestamp.from(at)).update();
    }

    void updateOutletName(UUID id, String name, Instant at) {
        jdbc.sql("update outlets set name = :n, updated_at = :at, version = version + 1 where id = :id")
                .param("n", name).param("at", Timestamp.from(at)).param("id", id).update();
    }

    boolean updateOutlet(UUID id, int expectedVersion, String name, Outlet.Address a, Map<String, Object> metadata, Instant at) {
        return jdbc.sql("""
                update outlets set name = :n, address_line1 = :l1, address_line2 = :l2, city = :city, region = :region,
                       postal_code = :pc, country = :country, metadata = :meta, updated_at = :at, version = version + 1
                where id = :id and version = :v""")
                .param("n", name).param("l1", a.line1()).param("l2", a.line2()).param("city", a.city()).param("region", a.region())
                .param("pc", a.postalCode()).param("country", a.country()).param("meta", JSON.writeValueAsString(metadata))
                .param("at", Timestamp.from(at)).param("id", id).param("v", expectedVersion).update() == 1;
    }

    /**
     * Records that this snapshot is being announced, unless the same one was announced after the cutoff. The
     * conditional update makes two concurrent sign-ins (on any nodes) announce an unchanged snapshot once.
     */
    boolean claimSync(UUID tenantId, String snapshotHash, Instant now, Instant cutoff) {
        return jdbc.sql("""
                update tenant_sync_state set snapshot_hash = :h, synced_at = :now
                where tenant_id = :t and (snapshot_hash <> :h or synced_at < :cutoff)""")
                .param("h", snapshotHash).param("now", Timestamp.from(now)).param("t", tenantId)
                .param("cutoff", Timestamp.from(cutoff)).update() == 1;
    }

    static Tenant map(ResultSet rs, int row) throws SQLException {
        return new Tenant(rs.getObject("id", UUID.class), rs.getString("slug"), rs.getString("name"),
                Tenant.Status.valueOf(rs.getString("status").toUpperCase(Locale.ROOT)),
                rs.getTimestamp("created_at").toInstant(), rs.getTimestamp("updated_at").toInstant(),
                TenantSettings.parse(rs.getString("settings")), rs.getInt("version"));
    }

    static Outlet mapOutlet(ResultSet rs, int row) throws SQLException {
        return new Outlet(rs.getObject("id", UUID.class), rs.getObject("tenant_id", UUID.class), rs.getString("slug"),
                rs.getString("name"), new Outlet.Address(rs.getString("address_line1"), rs.getString("address_line2"),
                rs.getString("city"), rs.getString("region"), rs.getString("postal_code"), rs.getString("country")),
                JSON.readValue(rs.getString("metadata"), new TypeReference<Map<String, Object>>() { }),
                rs.getTimestamp("created_at").toInstant(), rs.getTimestamp("updated_at").toInstant(), rs.getInt("version"));
    }
}
