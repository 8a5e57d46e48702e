package africa.bengobox.auth.tenancy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Tenants, outlets and memberships. The canonical source of which tenants exist and who belongs to them. */
@Service
public class TenancyService {

    /** The tenant platform administrators belong to. */
    public static final String PLATFORM_TENANT = "platform";
    public static final String PLATFORM_ADMIN_ROLE = "platform_admin";
    public static final Pattern ROLE = Pattern.compile("[a-z][a-z0-9_.:-]{0,63}");

    /**
     * Tenants are read on every token (tenant claims, suspension checks) and change rarely: they are cached briefly.
     * A change made on this node is seen at once; one made on another node within {@link #TENANT_CACHE_TTL}.
     */
    static final Duration TENANT_CACHE_TTL = Duration.ofSeconds(5);

    private final TenantRepository tenants;
    private final MembershipRepository memberships;
    private final Clock clock;
    private final Map<Object, Cached> tenantCache = new ConcurrentHashMap<>();

    private record Cached(Optional<Tenant> tenant, Instant until) {
    }

    TenancyService(TenantRepository tenants, MembershipRepository memberships, Clock clock) {
        this.tenants = tenants;
        this.memberships = memberships;
        this.clock = clock;
    }

    public Optional<Tenant> findBySlug(String slug) {
        return slug == null ? Optional.empty() : cached(slug, () -> tenants.findBySlug(slug));
    }

    public Optional<Tenant> findById(UUID id) {
        return cached(id, () -> tenants.findById(id));
    }

    private Optional<Tenant> cached(Object key, java.util.function.Supplier<Optional<Tenant>> load) {
        Instant now = clock.instant();
        Cached hit = tenantCache.get(key);
        if (hit != null && hit.until().isAfter(now)) {
            return hit.tenant();
        }
        Optional<Tenant> tenant = load.get();
        if (tenantCache.size() > 10_000) {
            tenantCache.clear();
        }
        tenantCache.put(key, new Cached(tenant, now.plus(TENANT_CACHE_TTL)));
        return tenant;
    }

    /** Forgets cached tenants, after a change here or when another node announces one. */
    public void evictTenants() {
        tenantCache.clear();
    }

    /** Creates the tenant or renames the existing one with that slug. */
    @Transactional
    public Tenant upsertTenant(String slug, String name) {
        requireSlug(slug);
        if (name == null || name.isBlank() || name.length() > 200) {
            throw new IllegalArgumentException("tenant name must be 1-200 characters");
        }
        Instant now = clock.instant();
        Optional<Tenant> existing = tenants.findBySlug(slug);
        if (existing.isPresent()) {
            if (!existing.get().name().equals(name)) {
                tenants.updateName(existing.get().id(), name, now);
                evictTenants();
            }
            return tenants.findById(existing.get().id()).orElseThrow();
        }
        Tenant tenant = new Tenant(UUID.randomUUID(), slug, name, Tenant.Status.ACTIVE, now, now, TenantSettings.DEFAULTS);
        tenants.insert(tenant);
        evictTenants();
        return tenant;
    }

    @Transactional
    public Outlet upsertOutlet(UUID tenantId, String slug, String name) {
        requireSlug(slug);
        if (name == null || name.isBlank() || name.length() > 200) {
            throw new IllegalArgumentException("outlet name must be 1-200 characters");
        }
        Instant now = clock.instant();
        Optional<Outlet> existing = tenants.findOutlet(tenantId, slug);
        if (existing.isPresent()) {
            if (!existing.get().name().equals(name)) {
                tenants.updateOutletName(existing.get().id(), name, now);
            }
            return new Outlet(existing.get().id(), tenantId, slug, name);
        }
        Outlet outlet = new Outlet(UUID.randomUUID(), tenantId, slug, name);
        tenants.insertOutlet(outlet, now);
        return outlet;
    }

    /**
     * Makes the user a member of the tenant holding exactly these tenant-wide roles (granted directly), creating
     * roles the tenant does not have yet. Roles limited to outlets and roles granted through groups are left alone.
     */
    @Transactional
    public void setMembership(UUID tenantId, UUID userId, Collection<String> roles) {
        Instant now = clock.instant();
        for (String role : roles) {
            if (role == null || !ROLE.matcher(role).matches()) {
                throw new IllegalArgumentException("role '" + role + "' must be lowercase letters, digits and _ . : - (at most 64)");
            }
        }
        if (!memberships.exists(tenantId, userId)) {
            memberships.insertMembership(tenantId, userId, now);
        }
        Set<String> wanted = new LinkedHashSet<>(roles);
        List<String> current = memberships.directTenantWideRoles(tenantId, userId);
        for (String role : current) {
            if (!wanted.contains(role)) {
                memberships.unbindUserRole(tenantId, role, userId);
            }
        }
        for (String role : wanted) {
            if (!current.contains(role)) {
                UUID roleId = memberships.roleId(tenantId, role).orElseGet(() -> memberships.insertRole(tenantId, role, now));
                memberships.bindUserRole(tenantId, roleId, userId, now);
            }
        }
    }

    /** The user's active memberships, each with its effective roles. */
    public List<Membership> membershipsOf(UUID userId) {
        List<Membership> result = new ArrayList<>();
        for (UUID tenantId : memberships.tenantIdsOf(userId)) {
            tenants.findById(tenantId).ifPresent(t -> result.add(new Membership(userId, t, memberships.effectiveRoles(tenantId, userId))));
        }
        result.sort(java.util.Comparator.comparing(m -> m.tenant().slug()));
        return result;
    }

    public Optional<Membership> membership(UUID userId, UUID tenantId) {
        if (!memberships.exists(tenantId, userId)) {
            return Optional.empty();
        }
        return tenants.findById(tenantId).map(t -> new Membership(userId, t, memberships.effectiveRoles(tenantId, userId)));
    }

    public boolean platformAdminExists() {
        return tenants.findBySlug(PLATFORM_TENANT)
                .map(t -> memberships.countUsersWithRole(t.id(), PLATFORM_ADMIN_ROLE) > 0)
                .orElse(false);
    }

    private static void requireSlug(String slug) {
        if (slug == null || !Tenant.SLUG.matcher(slug).matches()) {
            throw new IllegalArgumentException("slug '" + slug + "' must be 3-63 lowercase letters, digits or hyphens, not starting or ending with a hyphen");
        }
    }

    /** Removes the user's role bindings everywhere (account deletion; memberships go with the account itself). */
    @Transactional
    public void forgetUser(UUID userId) {
        memberships.deleteUserBindings(userId);
    }

    /** Whether the user is the only member of the tenant holding the role (the last platform administrator, say). */
    public boolean isOnlyHolderOf(UUID tenantId, String role, UUID userId) {
        return membership(userId, tenantId).map(m -> m.roles().contains(role)).orElse(false)
                && memberships.countUsersWithRole(tenantId, role) <= 1;
    }
}
