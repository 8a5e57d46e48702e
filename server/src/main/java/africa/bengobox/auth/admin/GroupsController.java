package africa.bengobox.auth.admin;

import africa.bengobox.auth.identity.UserService;
import africa.bengobox.auth.tenancy.Group;
import africa.bengobox.auth.tenancy.RoleBinding;
import africa.bengobox.auth.tenancy.TenancyService;
import africa.bengobox.auth.tenancy.Tenant;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.UUID;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * Groups (a tenant's under {@code /admin/tenants/{tenant}/groups}, platform-wide ones under {@code /admin/groups})
 * and role bindings of a tenant, which grant a role to a member or a group, tenant-wide or on one outlet.
 */
@RestController
class GroupsController {

    private final TenancyService tenancy;
    private final UserService users;
    private final AdminCallers callers;
    private final Tenants tenants;
    private final AdminAudit audit;
    private final Idempotency idempotency;

    GroupsController(TenancyService tenancy, UserService users, AdminCallers callers, Tenants tenants, AdminAudit audit,
                     Idempotency idempotency) {
        this.tenancy = tenancy;
        this.users = users;
        this.callers = callers;
        this.tenants = tenants;
        this.audit = audit;
        this.idempotency = idempotency;
    }

    // ---- groups ------------------------------------------------------------------------------------------------

    @GetMapping(path = "/admin/tenants/{tenant}/groups", produces = "application/json")
    Map<String, Object> tenantGroups(Authentication auth, @PathVariable String tenant) {
        Tenant t = tenants.visible(callers.of(auth), tenant);
        List<Group> groups = tenancy.groups(t.id());
        return AdminJson.page(groups, groups.size(), GroupsController::view, g -> g.id().toString());
    }

    @PostMapping(path = "/admin/tenants/{tenant}/groups", consumes = "application/json", produces = "application/json")
    ResponseEntity<String> createTenantGroup(Authentication auth, HttpServletRequest request, @PathVariable String tenant,
                                             @RequestHeader(name = "Idempotency-Key", required = false) String key,
                                             @RequestBody Map<String, Object> body) {
        AdminCaller caller = callers.of(auth);
        Tenant t = tenants.visible(caller, tenant);
        return idempotency.create(caller, key, Map.of("tenant", t.id().toString(), "group", body),
                () -> audit.change(caller, request, "group.create", () -> created(tenancy.createGroup(t.id(), name(body)))));
    }

    @GetMapping(path = "/admin/groups", produces = "application/json")
    Map<String, Object> platformGroups(Authentication auth) {
        callers.of(auth).requirePlatform();
        List<Group> groups = tenancy.groups(null);
        return AdminJson.page(groups, groups.size(), GroupsController::view, g -> g.id().toString());
    }

    @PostMapping(path = "/admin/groups", consumes = "application/json", produces = "application/json")
    ResponseEntity<String> createPlatformGroup(Authentication auth, HttpServletRequest request,
                                               @RequestHeader(name = "Idempotency-Key", required = false) String key,
                                               @RequestBody Map<String, Object> body) {
        AdminCaller caller = callers.of(auth);
        caller.requirePlatform();
        return idempotency.create(caller, key, Map.of("group", body),
                () -> audit.change(caller, request, "group.create", () -> created(tenancy.createGroup(null, name(body)))));
    }

    @DeleteMapping({"/admin/groups/{group}", "/admin/tenants/{tenant}/groups/{group}"})
    ResponseEntity<Void> deleteGroup(Authentication auth, HttpServletRequest request, @PathVariable(required = false) String tenant,
                                     @PathVariable UUID group) {
        AdminCaller caller = callers.of(auth);
        Group g = group(caller, tenant, group);
        audit.change(caller, request, "group.delete", () -> tenancy.deleteGroup(g.id()));
        return ResponseEntity.noContent().build();
    }

    @GetMapping(path = {"/admin/groups/{group}/members", "/admin/tenants/{tenant}/groups/{group}/members"}, produces = "application/json")
    Map<String, Object> members(Authentication auth, @PathVariable(required = false) String tenant, @PathVariable UUID group) {
        Group g = group(callers.of(auth), tenant, group);
        List<UUID> members = tenancy.groupMembers(g.id());
        return AdminJson.page(members, members.size(), u -> Map.of("user_id", u.toString()), UUID::toString);
    }

    @PutMapping({"/admin/groups/{group}/members/{user}", "/admin/tenants/{tenant}/groups/{group}/members/{user}"})
    ResponseEntity<Void> addMember(Authentication auth, HttpServletRequest request, @PathVariable(required = false) String tenant,
                                   @PathVariable UUID group, @PathVariable UUID user) {
        AdminCaller caller = callers.of(auth);
        Group g = group(caller, tenant, group);
        users.findById(user).orElseThrow();
        audit.change(caller, request, "group.member.add", () -> tenancy.addGroupMember(g.id(), user));
        return ResponseEntity.noContent().build();
    }

    @DeleteMapping({"/admin/groups/{group}/members/{user}", "/admin/tenants/{tenant}/groups/{group}/members/{user}"})
    ResponseEntity<Void> removeMember(Authentication auth, HttpServletRequest request, @PathVariable(required = false) String tenant,
                                      @PathVariable UUID group, @PathVariable UUID user) {
        AdminCaller caller = callers.of(auth);
        Group g = group(caller, tenant, group);
        if (!audit.change(caller, request, "group.member.remove", () -> tenancy.removeGroupMember(g.id(), user))) {
            throw new NoSuchElementException();
        }
        return ResponseEntity.noContent().build();
    }

    // ---- role bindings ------------------------------------------------------------------------------------------

    @GetMapping(path = "/admin/tenants/{tenant}/role-bindings", produces = "application/json")
    Map<String, Object> bindings(Authentication auth, @PathVariable String tenant) {
        Tenant t = tenants.visible(callers.of(auth), tenant);
        List<RoleBinding> bindings = tenancy.roleBindings(t.id());
        return AdminJson.page(bindings, bindings.size(), GroupsController::view, b -> b.id().toString());
    }

    @PostMapping(path = "/admin/tenants/{tenant}/role-bindings", consumes = "application/json", produces = "application/json")
    ResponseEntity<String> bind(Authentication auth, HttpServletRequest request, @PathVariable String tenant,
                                @RequestHeader(name = "Idempotency-Key", required = false) String key,
                                @RequestBody Map<String, Object> body) {
        AdminCaller caller = callers.of(auth);
        Tenant t = tenants.visible(caller, tenant);
        AdminJson.onlyMembers(body, Set.of("role", "user_id", "group_id", "outlet_id"));
        String role = AdminJson.string(body, "role");
        if (!caller.platform() && TenancyService.PLATFORM_ADMIN_ROLE.equals(role)) {
            throw new AccessDeniedException("only platform administrators grant platform_admin");
        }
        String userId = AdminJson.string(body, "user_id");
        String groupId = AdminJson.string(body, "group_id");
        if ((userId == null) == (groupId == null)) {
            throw new IllegalArgumentException("give exactly one of user_id and group_id");
        }
        String outlet = AdminJson.string(body, "outlet_id");
        return idempotency.create(caller, key, Map.of("tenant", t.id().toString(), "binding", body),
                () -> audit.change(caller, request, "role_binding.create", () -> {
                    RoleBinding binding = tenancy.bindRole(t.id(), role, userId != null ? RoleBinding.USER : RoleBinding.GROUP,
                            Tenants.uuid(userId != null ? userId : groupId), outlet == null ? null : Tenants.uuid(outlet));
                    return ResponseEntity.created(URI.create("/admin/tenants/" + t.id() + "/role-bindings/" + binding.id()))
                            .body(view(binding));
                }));
    }

    @DeleteMapping("/admin/tenants/{tenant}/role-bindings/{binding}")
    ResponseEntity<Void> unbind(Authentication auth, HttpServletRequest request, @PathVariable String tenant, @PathVariable UUID binding) {
        AdminCaller caller = callers.of(auth);
        Tenant t = tenants.visible(caller, tenant);
        if (!audit.change(caller, request, "role_binding.delete", () -> tenancy.unbindRole(t.id(), binding))) {
            throw new NoSuchElementException();
        }
        return ResponseEntity.noContent().build();
    }

    // ---- helpers ----------------------------------------------------------------------------------------------

    /** A platform-wide group (platform administrators) or a group of the tenant in the path. */
    private Group group(AdminCaller caller, String tenant, UUID id) {
        Group g = tenancy.findGroup(id).orElseThrow();
        if (tenant == null) {
            caller.requirePlatform();
            if (g.tenantId() != null) {
                throw new NoSuchElementException();
            }
            return g;
        }
        Tenant t = tenants.visible(caller, tenant);
        if (!t.id().equals(g.tenantId())) {
            throw new NoSuchElementException();
        }
        return g;
    }

    private static String name(Map<String, Object> body) {
        AdminJson.onlyMembers(body, Set.of("name"));
        return AdminJson.string(body, "name");
    }

    private static ResponseEntity<Map<String, Object>> created(Group g) {
        String path = g.tenantId() == null ? "/admin/groups/" + g.id() : "/admin/tenants/" + g.tenantId() + "/groups/" + g.id();
        return ResponseEntity.created(URI.create(path)).body(view(g));
    }

    static Map<String, Object> view(Group g) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("id", g.id().toString());
        v.put("tenant_id", g.tenantId() == null ? null : g.tenantId().toString());
        v.put("name", g.name());
        v.put("created_at", g.createdAt().toString());
        return v;
    }

    static Map<String, Object> view(RoleBinding b) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("id", b.id().toString());
        v.put("tenant_id", b.tenantId().toString());
        v.put("role", b.role());
        v.put(RoleBinding.USER.equals(b.subjectType()) ? "user_id" : "group_id", b.subjectId().toString());
        v.put("outlet_id", b.outletId() == null ? null : b.outletId().toString());
        v.put("created_at", b.createdAt().toString());
        return v;
    }
}
