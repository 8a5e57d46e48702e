package africa.bengobox.auth.admin;

import static africa.bengobox.auth.admin.AdminJson.etag;
import static africa.bengobox.auth.admin.AdminJson.ifMatch;
import static africa.bengobox.auth.admin.AdminJson.limit;

import africa.bengobox.auth.identity.UserService;
import africa.bengobox.auth.tenancy.Membership;
import africa.bengobox.auth.tenancy.Outlet;
import africa.bengobox.auth.tenancy.Role;
import africa.bengobox.auth.tenancy.TenancyService;
import africa.bengobox.auth.tenancy.Tenant;
import africa.bengobox.auth.tenancy.TenantSettings;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.core.type.TypeReference;

/** {@code /admin/tenants}: tenants, their outlets, members and roles (api/openapi.yaml). */
@RestController
@RequestMapping(path = "/admin/tenants", produces = "application/json")
class TenantsController {

    private final TenancyService tenancy;
    private final UserService users;
    private final AdminCallers callers;
    private final Idempotency idempotency;
    private final Tenants tenants;
    private final AdminAudit audit;

    TenantsController(TenancyService tenancy, UserService users, AdminCallers callers, Idempotency idempotency, Tenants tenants,
                      AdminAudit audit) {
        this.tenancy = tenancy;
        this.users = users;
        this.callers = callers;
        this.idempotency = idempotency;
        this.tenants = tenants;
        this.audit = audit;
    }

    // ---- tenants ----------------------------------------------------------------------------------------------

    @PostMapping(consumes = "application/json")
    ResponseEntity<String> create(Authentication auth, HttpServletRequest request,
                                  @RequestHeader(name = "Idempotency-Key", required = false) String key,
                                  @RequestBody Map<String, Object> body) {
        AdminCaller caller = callers.of(auth);
        caller.requirePlatform();
        AdminJson.onlyMembers(body, Set.of("tenant_slug", "name", "settings"));
        return idempotency.create(caller, key, body, () -> audit.change(caller, request, "tenant.create", () -> {
            Tenant tenant = tenancy.createTenant(AdminJson.string(body, "tenant_slug"), AdminJson.string(body, "name"),
                    settings(AdminJson.object(body, "settings")));
            return ResponseEntity.created(URI.create("/admin/tenants/" + tenant.id())).eTag(etag(tenant.version())).body(view(tenant));
        }));
    }

    @GetMapping
    Map<String, Object> list(Authentication auth, @RequestParam(required = false) String status,
                             @RequestParam(name = "slug_prefix", required = false) String slugPrefix,
                             @RequestParam(required = false) String cursor, @RequestParam(required = false) Integer limit) {
        AdminCaller caller = callers.of(auth);
        int n = limit(limit);
        List<Tenant> fetched = tenancy.listTenants(status(status), slugPrefix, caller.tenantId(), AdminJson.fromCursor(cursor), n + 1);
        return AdminJson.page(fetched, n, TenantsController::view, Tenant::slug);
    }

    @GetMapping("/{tenant}")
    ResponseEntity<Map<String, Object>> get(Authentication auth, @PathVariable String tenant) {
        Tenant t = tenant(auth, tenant);
        return ResponseEntity.ok().eTag(etag(t.version())).body(view(t));
    }

    @PatchMapping(path = "/{tenant}", consumes = "application/json")
    ResponseEntity<Map<String, Object>> update(Authentication auth, HttpServletRequest request, @PathVariable String tenant,
                                               @RequestHeader("If-Match") String ifMatch, @RequestBody Map<String, Object> body) {
        AdminCaller caller = callers.of(auth);
        Tenant t = tenant(caller, tenant);
        AdminJson.onlyMembers(body, Set.of("name", "status", "settings"));
        Tenant.Status status = status(AdminJson.string(body, "status"));
        if (status != null && status != t.status()) {
            caller.requirePlatform();
        }
        Tenant updated = audit.change(caller, request, "tenant.update", () -> tenancy.updateTenant(t.id(), ifMatch(ifMatch),
                AdminJson.string(body, "name"), status, settings(AdminJson.object(body, "settings"))));
        return ResponseEntity.ok().eTag(etag(updated.version())).body(view(updated));
    }

    // ---- outlets ----------------------------------------------------------------------------------------------

    @PostMapping(path = "/{tenant}/outlets", consumes = "application/json")
    ResponseEntity<String> createOutlet(Authentication auth, HttpServletRequest request, @PathVariable String tenant,
                                        @RequestHeader(name = "Idempotency-Key", required = false) String key,
                                        @RequestBody Map<String, Object> body) {
        AdminCaller caller = callers.of(auth);
        Tenant t = tenant(caller, tenant);
        AdminJson.onlyMembers(body, Set.of("slug", "name", "address", "metadata"));
        return idempotency.create(caller, key, Map.of("tenant", t.id().toString(), "body", body), () -> audit.change(caller, request,
                "outlet.create", () -> {
            Outlet o = tenancy.createOutlet(t.id(), AdminJson.string(body, "slug"), AdminJson.string(body, "name"),
                    address(AdminJson.object(body, "address")), AdminJson.object(body, "metadata"));
            return ResponseEntity.created(URI.create("/admin/tenants/" + t.id() + "/outlets/" + o.id()))
                    .eTag(etag(o.version())).body(view(o));
        }));
    }

    @GetMapping("/{tenant}/outlets")
    Map<String, Object> outlets(Authentication auth, @PathVariable String tenant, @RequestParam(required = false) String cursor,
                                @RequestParam(required = false) Integer limit) {
        Tenant t = tenant(auth, tenant);
        int n = limit(limit);
        return AdminJson.page(tenancy.listOutlets(t.id(), AdminJson.fromCursor(cursor), n + 1), n, TenantsController::view, Outlet::slug);
    }

    @GetMapping("/{tenant}/outlets/{outlet}")
    ResponseEntity<Map<String, Object>> outlet(Authentication auth, @PathVariable String tenant, @PathVariable UUID outlet) {
        Tenant t = tenant(auth, tenant);
        Outlet o = tenancy.findOutlet(t.id(), outlet).orElseThrow();
        return ResponseEntity.ok().eTag(etag(o.version())).body(view(o));
    }

    @PatchMapping(path = "/{tenant}/outlets/{outlet}", consumes = "application/json")
    ResponseEntity<Map<String, Object>> updateOutlet(Authentication auth, HttpServletRequest request, @PathVariable String tenant,
                                                     @PathVariable UUID outlet, @RequestHeader("If-Match") String ifMatch,
                                                     @RequestBody Map<String, Object> body) {
        AdminCaller caller = callers.of(auth);
        Tenant t = tenant(caller, tenant);
        AdminJson.onlyMembers(body, Set.of("name", "address", "metadata"));
        Outlet o = audit.change(caller, request, "outlet.update", () -> tenancy.updateOutlet(t.id(), outlet, ifMatch(ifMatch),
                AdminJson.string(body, "name"), address(AdminJson.object(body, "address")), AdminJson.object(body, "metadata")));
        return ResponseEntity.ok().eTag(etag(o.version())).body(view(o));
    }

    // ---- memberships and roles ----------------------------------------------------------------------------------

    @GetMapping("/{tenant}/memberships")
    Map<String, Object> memberships(Authentication auth, @PathVariable String tenant, @RequestParam(required = false) String cursor,
                                    @RequestParam(required = false) Integer limit) {
        Tenant t = tenant(auth, tenant);
        int n = limit(limit);
        String after = AdminJson.fromCursor(cursor);
        List<Membership> fetched = tenancy.listMembers(t.id(), after == null ? null : Tenants.uuid(after), n + 1);
        return AdminJson.page(fetched, n, TenantsController::view, m -> m.userId().toString());
    }

    @GetMapping("/{tenant}/memberships/{user}")
    ResponseEntity<Map<String, Object>> membership(Authentication auth, @PathVariable String tenant, @PathVariable UUID user) {
        Tenant t = tenant(auth, tenant);
        Membership m = tenancy.membership(user, t.id()).orElseThrow();
        return ResponseEntity.ok().eTag(etag(tenancy.membershipTag(t.id(), user).orElseThrow())).body(view(m));
    }

    /**
     * Makes the user a member with exactly these tenant-wide roles (the roles claim must stay within its limit).
     * With If-Match, only if the membership is still as read; without, unconditionally (PUT also creates).
     */
    @PutMapping(path = "/{tenant}/memberships/{user}", consumes = "application/json")
    ResponseEntity<Map<String, Object>> putMembership(Authentication auth, HttpServletRequest request, @PathVariable String tenant,
                                                      @PathVariable UUID user,
                                                      @RequestHeader(name = "If-Match", required = false) String ifMatch,
                                                      @RequestBody Map<String, Object> body) {
        AdminCaller caller = callers.of(auth);
        Tenant t = tenant(caller, tenant);
        AdminJson.onlyMembers(body, Set.of("roles"));
        Set<String> roles = AdminJson.strings(body, "roles");
        if (roles == null) {
            throw new IllegalArgumentException("roles is required (an empty array for none)");
        }
        if (!caller.platform() && (roles.contains(TenancyService.PLATFORM_ADMIN_ROLE))) {
            throw new org.springframework.security.access.AccessDeniedException("only platform administrators grant platform_admin");
        }
        users.findById(user).orElseThrow();
        String expected = ifMatch == null ? null : AdminJson.ifMatchTag(ifMatch);
        audit.change(caller, request, "membership.set", () -> {
            if (expected == null) {
                tenancy.setMembership(t.id(), user, roles);
            } else {
                tenancy.setMembership(t.id(), user, roles, expected);
            }
        });
        return ResponseEntity.ok().eTag(etag(tenancy.membershipTag(t.id(), user).orElseThrow()))
                .body(view(tenancy.membership(user, t.id()).orElseThrow()));
    }

    @DeleteMapping("/{tenant}/memberships/{user}")
    ResponseEntity<Void> deleteMembership(Authentication auth, HttpServletRequest request, @PathVariable String tenant,
                                          @PathVariable UUID user) {
        AdminCaller caller = callers.of(auth);
        Tenant t = tenant(caller, tenant);
        if (!audit.change(caller, request, "membership.remove", () -> tenancy.removeMembership(t.id(), user))) {
            throw new NoSuchElementException();
        }
        return ResponseEntity.noContent().build();
    }

    @GetMapping("/{tenant}/roles")
    Map<String, Object> roles(Authentication auth, @PathVariable String tenant) {
        Tenant t = tenant(auth, tenant);
        List<Role> roles = tenancy.roles(t.id());
        return AdminJson.page(roles, roles.size(), TenantsController::view, Role::name);
    }

    @PostMapping(path = "/{tenant}/roles", consumes = "application/json")
    ResponseEntity<String> createRole(Authentication auth, HttpServletRequest request, @PathVariable String tenant,
                                      @RequestHeader(name = "Idempotency-Key", required = false) String key,
                                      @RequestBody Map<String, Object> body) {
        AdminCaller caller = callers.of(auth);
        Tenant t = tenant(caller, tenant);
        AdminJson.onlyMembers(body, Set.of("name", "description"));
        return idempotency.create(caller, key, Map.of("tenant", t.id().toString(), "role", body), () -> audit.change(caller, request,
                "role.create", () -> ResponseEntity.status(HttpStatus.CREATED).body(view(
                        tenancy.createRole(t.id(), AdminJson.string(body, "name"), AdminJson.string(body, "description"))))));
    }

    // ---- helpers ----------------------------------------------------------------------------------------------

    private Tenant tenant(Authentication auth, String idOrSlug) {
        return tenants.visible(callers.of(auth), idOrSlug);
    }

    private Tenant tenant(AdminCaller caller, String idOrSlug) {
        return tenants.visible(caller, idOrSlug);
    }

    private static Tenant.Status status(String status) {
        if (status == null) {
            return null;
        }
        return switch (status) {
            case "active" -> Tenant.Status.ACTIVE;
            case "suspended" -> Tenant.Status.SUSPENDED;
            case "deleted" -> Tenant.Status.DELETED;
            default -> throw new IllegalArgumentException("status must be active, suspended or deleted");
        };
    }

    private static TenantSettings settings(Map<String, Object> settings) {
        return settings == null ? null : TenantSettings.fromRequest(Idempotency.JSON.writeValueAsString(settings));
    }

    private static Outlet.Address address(Map<String, Object> a) {
        if (a == null) {
            return null;
        }
        AdminJson.onlyMembers(a, Set.of("line1", "line2", "city", "region", "postal_code", "country"));
        return new Outlet.Address(AdminJson.string(a, "line1"), AdminJson.string(a, "line2"), AdminJson.string(a, "city"),
                AdminJson.string(a, "region"), AdminJson.string(a, "postal_code"), AdminJson.string(a, "country"));
    }

    static Map<String, Object> view(Tenant t) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("id", t.id().toString());
        v.put("tenant_slug", t.slug());
        v.put("name", t.name());
        v.put("status", t.status().name().toLowerCase(Locale.ROOT));
        v.put("settings", Idempotency.JSON.readValue(t.settings().toJson(), new TypeReference<Map<String, Object>>() { }));
        v.put("created_at", t.createdAt().toString());
        v.put("updated_at", t.updatedAt().toString());
        v.put("version", t.version());
        return v;
    }

    static Map<String, Object> view(Outlet o) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("id", o.id().toString());
        v.put("tenant_id", o.tenantId().toString());
        v.put("slug", o.slug());
        v.put("name", o.name());
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("line1", o.address().line1());
        a.put("line2", o.address().line2());
        a.put("city", o.address().city());
        a.put("region", o.address().region());
        a.put("postal_code", o.address().postalCode());
        a.put("country", o.address().country());
        v.put("address", a);
        v.put("metadata", o.metadata());
        v.put("created_at", o.createdAt().toString());
        v.put("updated_at", o.updatedAt().toString());
        v.put("version", o.version());
        return v;
    }

    static Map<String, Object> view(Membership m) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("user_id", m.userId().toString());
        v.put("tenant_id", m.tenant().id().toString());
        v.put("roles", m.roles());
        return v;
    }

    static Map<String, Object> view(Role r) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("name", r.name());
        v.put("description", r.description());
        return v;
    }
}
