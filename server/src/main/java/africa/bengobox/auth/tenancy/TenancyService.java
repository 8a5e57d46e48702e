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
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import africa.bengobox.auth.events.AuthEvent;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import africa.bengobox.auth.events.EventTypes;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionOperations;

/** Tenants, outlets and memberships. The canonical source of which tenants exist and who belongs to them. */
@Service
public class TenancyService {

    /** The tenant platform administrators belong to. */
    public static final String PLATFORM_TENANT = "platform";
    public static final String PLATFORM_ADMIN_ROLE = "platform_admin";
    /** Administrators of one tenant: the admin API lets them manage that tenant only. */
    public static final String TENANT_ADMIN_ROLE = "tenant_admin";
    /** Most outlets one tenant snapshot (auth.outlet.synced on sign-in) carries. */
    static final int MAX_SYNCED_OUTLETS = 1000;
    private static final tools.jackson.databind.json.JsonMapper JSON = tools.jackson.databind.json.JsonMapper.builder().build();
    public static final Pattern ROLE = Pattern.compile("[a-z][a-z0-9_.:-]{0,63}");

    /**
     * Tenants are read on every token (tenant claims, suspension checks) and change rarely: they are cached briefly.
     * A change made on this node is seen at once; one made on another node within a second, when this node's poll of
     * the tenants' version sees it ({@link #followTenantChanges}), and at worst (a load racing with that poll) within
     * {@link #TENANT_CACHE_TTL}.
     */
    static final Duration TENANT_CACHE_TTL = Duration.ofSeconds(5);
    private static final int MAX_CACHED_TENANTS = 10_000;

    private final TenantRepository tenants;
    private final MembershipRepository memberships;
    private final Clock clock;
    private final ApplicationEventPublisher events;
    private final TenancyProperties properties;
    private final TransactionOperations transactions;
    /** Tenants by id and by slug (absent ones too), for {@link #TENANT_CACHE_TTL}. */
    private final Cache<Object, Optional<Tenant>> tenantCache;
    /** Tenants whose snapshot this node found announced lately: {@link #signedIn} skips them until the entry expires. */
    private final Cache<UUID, Boolean> snapshotChecked;

    TenancyService(TenantRepository tenants, MembershipRepository memberships, Clock clock, ApplicationEventPublisher events,
                   TenancyProperties properties, TransactionOperations transactions) {
        this.transactions = transactions;
        this.tenants = tenants;
        this.memberships = memberships;
        this.clock = clock;
        this.events = events;
        this.properties = properties;
        this.tenantCache = expiringAfter(TENANT_CACHE_TTL, clock);
        Duration window = properties.syncWindow();
        this.snapshotChecked = expiringAfter(window.compareTo(TENANT_CACHE_TTL) < 0 ? window : TENANT_CACHE_TTL, clock);
    }

    /** A bounded cache whose entries expire by the service's clock. */
    private static <K, V> Cache<K, V> expiringAfter(Duration ttl, Clock clock) {
        return Caffeine.newBuilder().maximumSize(MAX_CACHED_TENANTS).expireAfterWrite(ttl)
                .ticker(() -> TimeUnit.MILLISECONDS.toNanos(clock.millis())).build();
    }

    public Optional<Tenant> findBySlug(String slug) {
        return slug == null ? Optional.empty() : cached(slug, () -> tenants.findBySlug(slug));
    }

    public Optional<Tenant> findById(UUID id) {
        return cached(id, () -> tenants.findById(id));
    }

    private Optional<Tenant> cached(Object key, java.util.function.Supplier<Optional<Tenant>> load) {
        return tenantCache.get(key, k -> load.get());
    }

    /** Forgets cached tenants, after a change here or one on another node. */
    public void evictTenants() {
        tenantCache.invalidateAll();
        snapshotChecked.invalidateAll();
    }

    /** Forgets cached tenants when they changed since this node last looked (a change on any node). */
    @Scheduled(fixedDelay = 500)
    void followTenantChanges() {
        tenants.changes().poll(this::evictTenants);
    }

    /** A tenant changed: every node's cache, this one's at once. */
    private void tenantChanged() {
        tenants.changes().advance();
        evictTenants();
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
                tenantChanged();
                Tenant renamed = tenants.findById(existing.get().id()).orElseThrow();
                publish(EventTypes.TENANT_UPDATED, renamed.id(), tenantData(renamed));
                return renamed;
            }
            return existing.get();
        }
        return insertTenant(slug, name, TenantSettings.DEFAULTS, now);
    }

    /** Creates a tenant; a slug that is taken throws DuplicateKeyException. */
    @Transactional
    public Tenant createTenant(String slug, String name, TenantSettings settings) {
        requireSlug(slug);
        requireName("name", name);
        TenantSettings checked = (settings == null ? TenantSettings.DEFAULTS : settings).validated();
        if (tenants.findBySlug(slug).isPresent()) {
            throw new DuplicateKeyException("tenant_slug " + slug + " is taken");
        }
        return insertTenant(slug, name, checked, clock.instant());
    }

    private Tenant insertTenant(String slug, String name, TenantSettings settings, Instant now) {
        Tenant tenant = new Tenant(UUID.randomUUID(), slug, name, Tenant.Status.ACTIVE, now, now, settings, 0);
        tenants.insert(tenant);
        tenantChanged();
        publish(EventTypes.TENANT_CREATED, tenant.id(), tenantData(tenant));
        return tenant;
    }

    /**
     * Changes a tenant (null arguments keep the current value) if it is still at expectedVersion, else throws
     * OptimisticLockingFailureException. The slug never changes; the platform tenant cannot be suspended or deleted.
     */
    @Transactional
    public Tenant updateTenant(UUID id, int expectedVersion, String name, Tenant.Status status, TenantSettings settings) {
        Tenant current = tenants.findById(id).orElseThrow();
        String newName = name == null ? current.name() : requireName("name", name);
        Tenant.Status newStatus = status == null ? current.status() : status;
        TenantSettings newSettings = settings == null ? current.settings() : settings.validated();
        if (PLATFORM_TENANT.equals(current.slug()) && newStatus != Tenant.Status.ACTIVE) {
            throw new IllegalArgumentException("status of the platform tenant must stay active");
        }
        if (!tenants.update(id, expectedVersion, newName, newStatus, newSettings, clock.instant())) {
            throw new OptimisticLockingFailureException("tenant " + id + " has changed");
        }
        tenantChanged();
        Tenant updated = tenants.findById(id).orElseThrow();
        publish(EventTypes.TENANT_UPDATED, id, tenantData(updated));
        return updated;
    }

    /** Tenants by slug after the cursor, optionally only those with this status, slug prefix, or id. */
    public List<Tenant> listTenants(Tenant.Status status, String slugPrefix, UUID only, String afterSlug, int limit) {
        return tenants.list(status == null ? null : status.name().toLowerCase(Locale.ROOT), slugPrefix, only, afterSlug, limit);
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
                Outlet renamed = tenants.findOutlet(tenantId, existing.get().id()).orElseThrow();
                snapshotChecked.invalidate(tenantId);
                publish(EventTypes.OUTLET_SYNCED, tenantId, outletData(renamed));
                return renamed;
            }
            return existing.get();
        }
        return insertOutlet(tenantId, slug, name, Outlet.NO_ADDRESS, Map.of(), now);
    }

    /** Creates an outlet of the tenant; a slug the tenant already uses throws DuplicateKeyException. */
    @Transactional
    public Outlet createOutlet(UUID tenantId, String slug, String name, Outlet.Address address, Map<String, Object> metadata) {
        tenants.findById(tenantId).orElseThrow();
        requireSlug(slug);
        requireName("name", name);
        Outlet.Address checkedAddress = checkAddress(address == null ? Outlet.NO_ADDRESS : address);
        Map<String, Object> checkedMetadata = checkMetadata(metadata == null ? Map.of() : metadata);
        if (tenants.findOutlet(tenantId, slug).isPresent()) {
            throw new DuplicateKeyException("outlet slug " + slug + " is taken in this tenant");
        }
        return insertOutlet(tenantId, slug, name, checkedAddress, checkedMetadata, clock.instant());
    }

    private Outlet insertOutlet(UUID tenantId, String slug, String name, Outlet.Address address, Map<String, Object> metadata,
                                Instant now) {
        Outlet outlet = new Outlet(UUID.randomUUID(), tenantId, slug, name, address, metadata, now, now, 0);
        tenants.insertOutlet(outlet, now);
        snapshotChecked.invalidate(tenantId);
        publish(EventTypes.OUTLET_SYNCED, tenantId, outletData(outlet));
        return outlet;
    }

    /** Changes an outlet (null arguments keep the current value) if it is still at expectedVersion. */
    @Transactional
    public Outlet updateOutlet(UUID tenantId, UUID outletId, int expectedVersion, String name, Outlet.Address address,
                               Map<String, Object> metadata) {
        Outlet current = tenants.findOutlet(tenantId, outletId).orElseThrow();
        String newName = name == null ? current.name() : requireName("name", name);
        Outlet.Address newAddress = address == null ? current.address() : checkAddress(address);
        Map<String, Object> newMetadata = metadata == null ? current.metadata() : checkMetadata(metadata);
        if (!tenants.updateOutlet(outletId, expectedVersion, newName, newAddress, newMetadata, clock.instant())) {
            throw new OptimisticLockingFailureException("outlet " + outletId + " has changed");
        }
        Outlet updated = tenants.findOutlet(tenantId, outletId).orElseThrow();
        snapshotChecked.invalidate(tenantId);
        publish(EventTypes.OUTLET_SYNCED, tenantId, outletData(updated));
        return updated;
    }

    public Optional<Outlet> findOutlet(UUID tenantId, UUID outletId) {
        return tenants.findOutlet(tenantId, outletId);
    }

    public List<Outlet> listOutlets(UUID tenantId, String afterSlug, int limit) {
        return tenants.outlets(tenantId, afterSlug, limit);
    }

    /**
     * A user signed in to the tenant through a client: announce the tenant and its outlets (auth.tenant.synced,
     * auth.outlet.synced) so downstream services hold its context before its domain data reaches them, unless the
     * same snapshot was announced within the sync window. The check (reading the tenant and its outlets) is made at
     * most once per {@link #TENANT_CACHE_TTL} (or sync window, if shorter) and tenant on this node, not on each of the
     * many sign-ins between: a change made here is seen at once, one made on another node within the TTL, as for the
     * tenant cache.
     */
    public void signedIn(UUID tenantId) {
        if (snapshotChecked.getIfPresent(tenantId) != null) {
            return;
        }
        Instant now = clock.instant();
        transactions.executeWithoutResult(status -> announceIfChanged(tenantId, now));
        snapshotChecked.put(tenantId, Boolean.TRUE);
    }

    private void announceIfChanged(UUID tenantId, Instant now) {
        Tenant tenant = tenants.findById(tenantId).orElseThrow();
        List<Outlet> outlets = tenants.outlets(tenantId, null, MAX_SYNCED_OUTLETS);
        Map<String, Object> tenantData = tenantData(tenant);
        List<Map<String, Object>> outletData = outlets.stream().map(TenancyService::outletData).toList();
        String hash = sha256(JSON.writeValueAsString(List.of(tenantData, outletData)));
        if (!tenants.claimSync(tenantId, hash, now, now.minus(properties.syncWindow()))) {
            return;
        }
        publish(EventTypes.TENANT_SYNCED, tenantId, tenantData);
        outletData.forEach(o -> publish(EventTypes.OUTLET_SYNCED, tenantId, o));
    }

    /**
     * A validator (an entity tag) of the roles granted to the user directly and tenant-wide: what
     * {@link #setMembership} replaces. Empty when the user is not a member.
     */
    public Optional<String> membershipTag(UUID tenantId, UUID userId) {
        return memberships.exists(tenantId, userId)
                ? Optional.of(rolesTag(memberships.directTenantWideRoles(tenantId, userId))) : Optional.empty();
    }

    /**
     * {@link #setMembership}, provided the membership still has the tag the caller read ({@link #membershipTag});
     * otherwise {@link OptimisticLockingFailureException}. The membership row is locked for the check, so of two
     * concurrent changes made from the same reading one fails instead of silently undoing the other.
     */
    @Transactional
    public void setMembership(UUID tenantId, UUID userId, Collection<String> roles, String expectedTag) {
        if (!memberships.lockMembership(tenantId, userId)
                || !expectedTag.equals(rolesTag(memberships.directTenantWideRoles(tenantId, userId)))) {
            throw new OptimisticLockingFailureException("membership of " + userId + " has changed");
        }
        setMembership(tenantId, userId, roles);
    }

    private static String rolesTag(List<String> directRoles) {
        return sha256(String.join(" ", directRoles)).substring(0, 24);
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
        boolean joined = !memberships.exists(tenantId, userId);
        if (joined) {
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
        requireClaimSize(tenantId, userId);
        List<String> effective = memberships.effectiveRoles(tenantId, userId);
        if (joined || !current.equals(memberships.directTenantWideRoles(tenantId, userId))) {
            publish(EventTypes.MEMBERSHIP_CHANGED, tenantId, membershipData(tenantId, userId, "active", effective));
        }
    }

    /** Ends the user's membership of the tenant and the roles bound to them there; false if there was none. */
    @Transactional
    public boolean removeMembership(UUID tenantId, UUID userId) {
        if (!memberships.removeMembership(tenantId, userId)) {
            return false;
        }
        publish(EventTypes.MEMBERSHIP_CHANGED, tenantId, membershipData(tenantId, userId, "removed", List.of()));
        return true;
    }

    /** Active members after the cursor (a user id), in user-id order, with their effective roles. */
    public List<Membership> listMembers(UUID tenantId, UUID afterUserId, int limit) {
        Tenant tenant = tenants.findById(tenantId).orElseThrow();
        return memberships.members(tenantId, afterUserId, limit).stream()
                .map(u -> new Membership(u, tenant, memberships.effectiveRoles(tenantId, u))).toList();
    }

    public List<Role> roles(UUID tenantId) {
        return memberships.roles(tenantId);
    }

    /** Creates a tenant role; an existing name throws DuplicateKeyException. */
    @Transactional
    public Role createRole(UUID tenantId, String name, String description) {
        tenants.findById(tenantId).orElseThrow();
        if (name == null || !ROLE.matcher(name).matches()) {
            throw new IllegalArgumentException("name must be lowercase letters, digits and _ . : - (at most 64)");
        }
        if (description != null && description.length() > 500) {
            throw new IllegalArgumentException("description must be at most 500 characters");
        }
        if (memberships.roleId(tenantId, name).isPresent()) {
            throw new DuplicateKeyException("role " + name + " exists");
        }
        memberships.insertRole(tenantId, name, description, clock.instant());
        return new Role(name, description);
    }

    /** Creates a group of the tenant, or a platform-wide one when tenantId is null; names are unique per scope. */
    @Transactional
    public Group createGroup(UUID tenantId, String name) {
        if (tenantId != null) {
            tenants.findById(tenantId).orElseThrow();
        }
        if (name == null || name.isBlank() || name.length() > 128) {
            throw new IllegalArgumentException("name must be 1-128 characters");
        }
        if (memberships.groupNameTaken(tenantId, name)) {
            throw new DuplicateKeyException("group " + name + " exists");
        }
        Group group = new Group(UUID.randomUUID(), tenantId, name, clock.instant());
        memberships.insertGroup(group);
        return group;
    }

    public Optional<Group> findGroup(UUID id) {
        return memberships.findGroup(id);
    }

    /** The tenant's groups, or the platform-wide ones when tenantId is null. */
    public List<Group> groups(UUID tenantId) {
        return memberships.groups(tenantId);
    }

    public List<UUID> groupMembers(UUID groupId) {
        return memberships.groupMembers(groupId);
    }

    /** Deletes the group with its members and the roles bound to it; affected members' roles change. */
    @Transactional
    public boolean deleteGroup(UUID groupId) {
        List<RoleBinding> bound = boundToGroup(groupId);
        List<UUID> members = memberships.groupMembers(groupId);
        if (!memberships.deleteGroup(groupId)) {
            return false;
        }
        bound.stream().map(RoleBinding::tenantId).distinct().forEach(t -> rolesChanged(t, members));
        return true;
    }

    @Transactional
    public void addGroupMember(UUID groupId, UUID userId) {
        memberships.findGroup(groupId).orElseThrow();
        if (memberships.addGroupMember(groupId, userId)) {
            boundToGroup(groupId).stream().map(RoleBinding::tenantId).distinct().forEach(t -> {
                requireClaimSize(t, userId);
                rolesChanged(t, List.of(userId));
            });
        }
    }

    @Transactional
    public boolean removeGroupMember(UUID groupId, UUID userId) {
        if (!memberships.removeGroupMember(groupId, userId)) {
            return false;
        }
        boundToGroup(groupId).stream().map(RoleBinding::tenantId).distinct().forEach(t -> rolesChanged(t, List.of(userId)));
        return true;
    }

    /**
     * Grants a role of the tenant (created if new) to a member of the tenant or to a group (the tenant's or a
     * platform-wide one), tenant-wide or limited to one of its outlets.
     */
    @Transactional
    public RoleBinding bindRole(UUID tenantId, String role, String subjectType, UUID subjectId, UUID outletId) {
        tenants.findById(tenantId).orElseThrow();
        if (role == null || !ROLE.matcher(role).matches()) {
            throw new IllegalArgumentException("role must be lowercase letters, digits and _ . : - (at most 64)");
        }
        List<UUID> affected;
        if (RoleBinding.USER.equals(subjectType)) {
            if (subjectId == null || !memberships.exists(tenantId, subjectId)) {
                throw new IllegalArgumentException("user_id must name a member of the tenant");
            }
            affected = List.of(subjectId);
        } else if (RoleBinding.GROUP.equals(subjectType)) {
            Group group = subjectId == null ? null : memberships.findGroup(subjectId).orElse(null);
            if (group == null || group.tenantId() != null && !group.tenantId().equals(tenantId)) {
                throw new IllegalArgumentException("group_id must name a group of the tenant or a platform-wide group");
            }
            affected = memberships.groupMembers(subjectId);
        } else {
            throw new IllegalArgumentException("give user_id or group_id");
        }
        if (outletId != null && tenants.findOutlet(tenantId, outletId).isEmpty()) {
            throw new IllegalArgumentException("outlet_id must name an outlet of the tenant");
        }
        Instant now = clock.instant();
        UUID roleId = memberships.roleId(tenantId, role).orElseGet(() -> memberships.insertRole(tenantId, role, now));
        RoleBinding binding = new RoleBinding(UUID.randomUUID(), tenantId, role, subjectType, subjectId, outletId, now);
        memberships.insertBinding(binding, roleId);
        affected.forEach(u -> requireClaimSize(tenantId, u));
        rolesChanged(tenantId, affected);
        return binding;
    }

    public List<RoleBinding> roleBindings(UUID tenantId) {
        return memberships.bindings(tenantId);
    }

    @Transactional
    public boolean unbindRole(UUID tenantId, UUID bindingId) {
        Optional<RoleBinding> binding = memberships.findBinding(tenantId, bindingId);
        if (binding.isEmpty()) {
            return false;
        }
        memberships.deleteBinding(bindingId);
        RoleBinding b = binding.get();
        rolesChanged(tenantId, RoleBinding.USER.equals(b.subjectType()) ? List.of(b.subjectId()) : memberships.groupMembers(b.subjectId()));
        return true;
    }

    private List<RoleBinding> boundToGroup(UUID groupId) {
        return memberships.bindingsOfGroup(groupId);
    }

    private void requireClaimSize(UUID tenantId, UUID userId) {
        int claimBytes = JSON.writeValueAsString(memberships.effectiveRoles(tenantId, userId)).getBytes(StandardCharsets.UTF_8).length;
        if (claimBytes > properties.maxRolesClaimBytes()) {
            throw new IllegalArgumentException("roles would make the roles claim " + claimBytes + " bytes, more than the "
                    + properties.maxRolesClaimBytes() + " allowed (bengobox.auth.tenancy.max-roles-claim-bytes)");
        }
    }

    /** auth.membership.changed for each affected user who is a member of the tenant. */
    private void rolesChanged(UUID tenantId, List<UUID> users) {
        for (UUID user : users) {
            if (memberships.exists(tenantId, user)) {
                publish(EventTypes.MEMBERSHIP_CHANGED, tenantId,
                        membershipData(tenantId, user, "active", memberships.effectiveRoles(tenantId, user)));
            }
        }
    }

    private void publish(String type, UUID tenantId, Map<String, Object> data) {
        events.publishEvent(new AuthEvent(type, tenantId.toString(), data));
    }

    static Map<String, Object> tenantData(Tenant t) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("tenant_id", t.id().toString());
        data.put("tenant_slug", t.slug());
        data.put("name", t.name());
        data.put("status", t.status().name().toLowerCase(Locale.ROOT));
        TenantSettings.Branding branding = t.settings().branding();
        data.put("display_name", branding == null || branding.displayName() == null ? t.name() : branding.displayName());
        data.put("updated_at", t.updatedAt().toString());
        return data;
    }

    static Map<String, Object> outletData(Outlet o) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("outlet_id", o.id().toString());
        data.put("tenant_id", o.tenantId().toString());
        data.put("slug", o.slug());
        data.put("name", o.name());
        Map<String, Object> address = new LinkedHashMap<>();
        address.put("line1", o.address().line1());
        address.put("line2", o.address().line2());
        address.put("city", o.address().city());
        address.put("region", o.address().region());
        address.put("postal_code", o.address().postalCode());
        address.put("country", o.address().country());
        data.put("address", address);
        data.put("metadata", o.metadata());
        return data;
    }

    private static Map<String, Object> membershipData(UUID tenantId, UUID userId, String status, List<String> roles) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("tenant_id", tenantId.toString());
        data.put("user_id", userId.toString());
        data.put("status", status);
        data.put("roles", roles);
        return data;
    }

    private static String requireName(String field, String name) {
        if (name == null || name.isBlank() || name.length() > 200) {
            throw new IllegalArgumentException(field + " must be 1-200 characters");
        }
        return name;
    }

    private static Outlet.Address checkAddress(Outlet.Address a) {
        max("address.line1", a.line1(), 200);
        max("address.line2", a.line2(), 200);
        max("address.city", a.city(), 100);
        max("address.region", a.region(), 100);
        max("address.postal_code", a.postalCode(), 20);
        if (a.country() != null && !a.country().matches("[A-Z]{2}")) {
            throw new IllegalArgumentException("address.country must be an ISO 3166-1 alpha-2 code such as KE");
        }
        return a;
    }

    private static void max(String field, String value, int max) {
        if (value != null && value.length() > max) {
            throw new IllegalArgumentException(field + " must be at most " + max + " characters");
        }
    }

    private static Map<String, Object> checkMetadata(Map<String, Object> metadata) {
        if (JSON.writeValueAsString(metadata).length() > 16000) {
            throw new IllegalArgumentException("metadata must be at most 16000 characters as JSON");
        }
        return metadata;
    }

    private static String sha256(String value) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The user's active memberships, each with its effective roles. */
    public List<Membership> membershipsOf(UUID userId) {
        List<Membership> result = new ArrayList<>();
        memberships.activeMembershipsWithRoles(userId).forEach((tenantId, roles) ->
                findById(tenantId).ifPresent(t -> result.add(new Membership(userId, t, roles))));
        result.sort(java.util.Comparator.comparing(m -> m.tenant().slug()));
        return result;
    }

    public Optional<Membership> membership(UUID userId, UUID tenantId) {
        if (!memberships.exists(tenantId, userId)) {
            return Optional.empty();
        }
        return findById(tenantId).map(t -> new Membership(userId, t, memberships.effectiveRoles(tenantId, userId)));
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
