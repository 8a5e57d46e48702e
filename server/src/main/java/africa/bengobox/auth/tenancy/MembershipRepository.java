package africa.bengobox.auth.tenancy;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Memberships, tenant roles and role bindings: the aggregate behind "who may act for which tenant, as what". */
@Repository
class MembershipRepository {

    private final JdbcClient jdbc;

    MembershipRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    boolean exists(UUID tenantId, UUID userId) {
        return jdbc.sql("select count(*) from tenant_memberships where tenant_id = :t and user_id = :u and status = 'active'")
                .param("t", tenantId).param("u", userId).query(Long.class).single() > 0;
    }

    /** Locks the active membership row until the transaction ends; false when there is none. */
    boolean lockMembership(UUID tenantId, UUID userId) {
        return !jdbc.sql("select id from tenant_memberships where tenant_id = :t and user_id = :u and status = 'active' for update")
                .param("t", tenantId).param("u", userId).query(UUID.class).list().isEmpty();
    }

    void insertMembership(UUID tenantId, UUID userId, Instant at) {
        jdbc.sql("insert into tenant_memberships (id, tenant_id, user_id, status, created_at, updated_at) values (:id, :t, :u, 'active', :at, :at)")
                .param("id", UUID.randomUUID()).param("t", tenantId).param("u", userId).param("at", Timestamp.from(at)).update();
    }

    /**
     * The tenants the user is an active member of, each with every role the user holds there (directly or through a
     * group, on any outlet; sorted, without repeats): one statement, however many tenants.
     */
    Map<UUID, List<String>> activeMembershipsWithRoles(UUID userId) {
        Map<UUID, Set<String>> roles = new LinkedHashMap<>();
        jdbc.sql("""
                select m.tenant_id, r.name from tenant_memberships m
                left join role_bindings b on b.tenant_id = m.tenant_id and (
                      (b.subject_type = 'user' and b.subject_id = m.user_id)
                   or (b.subject_type = 'group' and b.subject_id in (select group_id from user_group_members where user_id = m.user_id)))
                left join tenant_roles r on r.id = b.role_id
                where m.user_id = :u and m.status = 'active'
                order by m.tenant_id, r.name""")
                .param("u", userId)
                .query(rs -> {
                    Set<String> names = roles.computeIfAbsent(rs.getObject(1, UUID.class), t -> new LinkedHashSet<>());
                    if (rs.getString(2) != null) {
                        names.add(rs.getString(2));
                    }
                });
        Map<UUID, List<String>> result = new LinkedHashMap<>();
        // ArrayLists, as the other queries give: token claims carry them, and the stored authorization's JSON only
        // admits the collection types Spring Security's Jackson modules allow
        roles.forEach((tenant, names) -> result.put(tenant, new ArrayList<>(names)));
        return result;
    }

    Optional<UUID> roleId(UUID tenantId, String name) {
        return jdbc.sql("select id from tenant_roles where tenant_id = :t and name = :n")
                .param("t", tenantId).param("n", name).query(UUID.class).optional();
    }

    UUID insertRole(UUID tenantId, String name, Instant at) {
        UUID id = UUID.randomUUID();
        jdbc.sql("insert into tenant_roles (id, tenant_id, name, created_at) values (:id, :t, :n, :at)")
                .param("id", id).param("t", tenantId).param("n", name).param("at", Timestamp.from(at)).update();
        return id;
    }

    /** Roles bound to the user itself, tenant-wide (not limited to an outlet). */
    List<String> directTenantWideRoles(UUID tenantId, UUID userId) {
        return jdbc.sql("""
                select r.name from role_bindings b join tenant_roles r on r.id = b.role_id
                where b.tenant_id = :t and b.subject_type = 'user' and b.subject_id = :u and b.outlet_id is null
                order by r.name""")
                .param("t", tenantId).param("u", userId).query(String.class).list();
    }

    /** Every role the user holds in the tenant, directly or through a group, on any outlet. */
    List<String> effectiveRoles(UUID tenantId, UUID userId) {
        return jdbc.sql("""
                select distinct r.name from role_bindings b join tenant_roles r on r.id = b.role_id
                where b.tenant_id = :t and (
                      (b.subject_type = 'user' and b.subject_id = :u)
                   or (b.subject_type = 'group' and b.subject_id in (select group_id from user_group_members where user_id = :u)))
                order by r.name""")
                .param("t", tenantId).param("u", userId).query(String.class).list();
    }

    void bindUserRole(UUID tenantId, UUID roleId, UUID userId, Instant at) {
        jdbc.sql("insert into role_bindings (id, tenant_id, role_id, subject_type, subject_id, created_at) values (:id, :t, :r, 'user', :u, :at)")
                .param("id", UUID.randomUUID()).param("t", tenantId).param("r", roleId).param("u", userId)
                .param("at", Timestamp.from(at)).update();
    }

    void unbindUserRole(UUID tenantId, String roleName, UUID userId) {
        jdbc.sql("""
                delete from role_bindings where tenant_id = :t and subject_type = 'user' and subject_id = :u and outlet_id is null
                  and role_id in (select id from tenant_roles where tenant_id = :t and name = :n)""")
                .param("t", tenantId).param("u", userId).param("n", roleName).update();
    }

    long countUsersWithRole(UUID tenantId, String roleName) {
        return jdbc.sql("""
                select count(*) from role_bindings b join tenant_roles r on r.id = b.role_id
                join tenant_memberships m on m.tenant_id = b.tenant_id and m.user_id = b.subject_id and m.status = 'active'
                where b.tenant_id = :t and b.subject_type = 'user' and r.name = :n""")
                .param("t", tenantId).param("n", roleName).query(Long.class).single();
    }

    void deleteUserBindings(UUID userId) {
        jdbc.sql("delete from role_bindings where subject_type = 'user' and subject_id = :u").param("u", userId).update();
    }

    /** Active members' user ids after the cursor, in id order. */
    List<UUID> members(UUID tenantId, UUID afterUserId, int limit) {
        return jdbc.sql("""
                select user_id from tenant_memberships where tenant_id = :t and status = 'active'
                  and (cast(:after as uuid) is null or user_id > :after)
                order by user_id limit :n""")
                .param("t", tenantId).param("after", afterUserId).param("n", limit).query(UUID.class).list();
    }

    /** Ends the membership and removes the roles bound to the user in the tenant. */
    boolean removeMembership(UUID tenantId, UUID userId) {
        jdbc.sql("delete from role_bindings where tenant_id = :t and subject_type = 'user' and subject_id = :u")
                .param("t", tenantId).param("u", userId).update();
        return jdbc.sql("delete from tenant_memberships where tenant_id = :t and user_id = :u")
                .param("t", tenantId).param("u", userId).update() == 1;
    }

    List<Role> roles(UUID tenantId) {
        return jdbc.sql("select name, description from tenant_roles where tenant_id = :t order by name")
                .param("t", tenantId).query((rs, n) -> new Role(rs.getString(1), rs.getString(2))).list();
    }

    void insertRole(UUID tenantId, String name, String description, Instant at) {
        jdbc.sql("insert into tenant_roles (id, tenant_id, name, description, created_at) values (:id, :t, :n, :d, :at)")
                .param("id", UUID.randomUUID()).param("t", tenantId).param("n", name).param("d", description)
                .param("at", Timestamp.from(at)).update();
    }

    void insertGroup(Group g) {
        jdbc.sql("insert into user_groups (id, tenant_id, name, created_at) values (:id, :t, :n, :at)")
                .param("id", g.id()).param("t", g.tenantId()).param("n", g.name()).param("at", Timestamp.from(g.createdAt())).update();
    }

    Optional<Group> findGroup(UUID id) {
        return jdbc.sql("select * from user_groups where id = :id").param("id", id).query(MembershipRepository::mapGroup).optional();
    }

    boolean groupNameTaken(UUID tenantId, String name) {
        return jdbc.sql("select count(*) from user_groups where name = :n and (tenant_id = :t or (cast(:t as uuid) is null and tenant_id is null))")
                .param("n", name).param("t", tenantId).query(Long.class).single() > 0;
    }

    /** The tenant's groups, or (tenantId null) the platform-wide ones, by name. */
    List<Group> groups(UUID tenantId) {
        return jdbc.sql("select * from user_groups where (tenant_id = :t or (cast(:t as uuid) is null and tenant_id is null)) order by name")
                .param("t", tenantId).query(MembershipRepository::mapGroup).list();
    }

    boolean deleteGroup(UUID id) {
        jdbc.sql("delete from role_bindings where subject_type = 'group' and subject_id = :id").param("id", id).update();
        return jdbc.sql("delete from user_groups where id = :id").param("id", id).update() == 1;
    }

    List<UUID> groupMembers(UUID groupId) {
        return jdbc.sql("select user_id from user_group_members where group_id = :g order by user_id")
                .param("g", groupId).query(UUID.class).list();
    }

    boolean addGroupMember(UUID groupId, UUID userId) {
        if (jdbc.sql("select count(*) from user_group_members where group_id = :g and user_id = :u")
                .param("g", groupId).param("u", userId).query(Long.class).single() > 0) {
            return false;
        }
        jdbc.sql("insert into user_group_members (group_id, user_id) values (:g, :u)").param("g", groupId).param("u", userId).update();
        return true;
    }

    boolean removeGroupMember(UUID groupId, UUID userId) {
        return jdbc.sql("delete from user_group_members where group_id = :g and user_id = :u")
                .param("g", groupId).param("u", userId).update() == 1;
    }

    void insertBinding(RoleBinding b, UUID roleId) {
        jdbc.sql("""
                insert into role_bindings (id, tenant_id, role_id, subject_type, subject_id, outlet_id, created_at)
                values (:id, :t, :r, :st, :s, :o, :at)""")
                .param("id", b.id()).param("t", b.tenantId()).param("r", roleId).param("st", b.subjectType())
                .param("s", b.subjectId()).param("o", b.outletId()).param("at", Timestamp.from(b.createdAt())).update();
    }

    List<RoleBinding> bindings(UUID tenantId) {
        return jdbc.sql("""
                select b.id, b.tenant_id, r.name, b.subject_type, b.subject_id, b.outlet_id, b.created_at
                from role_bindings b join tenant_roles r on r.id = b.role_id where b.tenant_id = :t
                order by r.name, b.created_at, b.id""")
                .param("t", tenantId).query(MembershipRepository::mapBinding).list();
    }

    /** Every binding of the group, in whichever tenants. */
    List<RoleBinding> bindingsOfGroup(UUID groupId) {
        return jdbc.sql("""
                select b.id, b.tenant_id, r.name, b.subject_type, b.subject_id, b.outlet_id, b.created_at
                from role_bindings b join tenant_roles r on r.id = b.role_id where b.subject_type = 'group' and b.subject_id = :g""")
                .param("g", groupId).query(MembershipRepository::mapBinding).list();
    }

    Optional<RoleBinding> findBinding(UUID tenantId, UUID id) {
        return jdbc.sql("""
                select b.id, b.tenant_id, r.name, b.subject_type, b.subject_id, b.outlet_id, b.created_at
                from role_bindings b join tenant_roles r on r.id = b.role_id where b.tenant_id = :t and b.id = :id""")
                .param("t", tenantId).param("id", id).query(MembershipRepository::mapBinding).optional();
    }

    void deleteBinding(UUID id) {
        jdbc.sql("delete from role_bindings where id = :id").param("id", id).update();
    }

    private static Group mapGroup(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
        return new Group(rs.getObject("id", UUID.class), rs.getObject("tenant_id", UUID.class), rs.getString("name"),
                rs.getTimestamp("created_at").toInstant());
    }

    private static RoleBinding mapBinding(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
        return new RoleBinding(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getString(3), rs.getString(4),
                rs.getObject(5, UUID.class), rs.getObject(6, UUID.class), rs.getTimestamp(7).toInstant());
    }
}
