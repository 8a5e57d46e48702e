package africa.bengobox.auth.account;

import africa.bengobox.auth.audit.AuditEvent;
import africa.bengobox.auth.audit.AuditService;
import africa.bengobox.auth.events.AuthEvent;
import africa.bengobox.auth.events.EventTypes;
import africa.bengobox.auth.identity.AccountProperties;
import africa.bengobox.auth.identity.LinkTokenService;
import africa.bengobox.auth.identity.PasswordPolicy;
import africa.bengobox.auth.identity.User;
import africa.bengobox.auth.identity.UserService;
import africa.bengobox.auth.tenancy.Membership;
import africa.bengobox.auth.tenancy.TenancyService;
import africa.bengobox.auth.tenancy.Tenant;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Tenant invitations: a tenant administrator (role {@value #TENANT_ADMIN_ROLE} in the tenant, or a platform
 * administrator) invites an email address with roles; the invitee accepts with a new account or an existing one and
 * becomes a member. Accepting publishes {@code auth.tenant.invite.accepted} (and {@code auth.user.created} for a new
 * account).
 */
@Service
public class InviteService {

    public static final String TENANT_ADMIN_ROLE = "tenant_admin";

    /** A valid invitation as the invitee sees it. */
    public record PendingInvite(UUID id, Tenant tenant, String email, List<String> roles, Instant expiresAt) {
    }

    /** A new invitation and the token of its link (shown to nobody but the invitee's mailbox). */
    public record Issued(PendingInvite invite, String token) {
    }

    private final InviteRepository invites;
    private final TenancyService tenancy;
    private final UserService users;
    private final PasswordPolicy passwordPolicy;
    private final AccountProperties properties;
    private final AuditService audit;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    InviteService(InviteRepository invites, TenancyService tenancy, UserService users, PasswordPolicy passwordPolicy,
                  AccountProperties properties, AuditService audit, ApplicationEventPublisher events, Clock clock) {
        this.invites = invites;
        this.tenancy = tenancy;
        this.users = users;
        this.passwordPolicy = passwordPolicy;
        this.properties = properties;
        this.audit = audit;
        this.events = events;
        this.clock = clock;
    }

    /** Whether the user may invite people to the tenant. */
    public boolean mayInvite(UUID userId, Tenant tenant) {
        boolean tenantAdmin = tenancy.membership(userId, tenant.id()).map(m -> m.roles().contains(TENANT_ADMIN_ROLE)
                || m.roles().contains(TenancyService.PLATFORM_ADMIN_ROLE)).orElse(false);
        boolean platformAdmin = tenancy.findBySlug(TenancyService.PLATFORM_TENANT)
                .flatMap(p -> tenancy.membership(userId, p.id()))
                .map(m -> m.roles().contains(TenancyService.PLATFORM_ADMIN_ROLE)).orElse(false);
        return tenantAdmin || platformAdmin;
    }

    /**
     * @throws IllegalArgumentException for a bad address or role
     * @throws SecurityException when the inviter may not invite to the tenant
     */
    @Transactional
    public Issued invite(UUID inviterId, String tenantSlug, String email, List<String> roles, String ip) {
        Tenant tenant = tenancy.findBySlug(tenantSlug).filter(Tenant::active)
                .orElseThrow(() -> new IllegalArgumentException("tenant is unknown"));
        if (!mayInvite(inviterId, tenant)) {
            throw new SecurityException("only a tenant administrator may invite people to this tenant");
        }
        UserService.requireEmail(email);
        LinkedHashSet<String> cleanRoles = new LinkedHashSet<>();
        for (String role : roles) {
            if (role == null || role.isBlank()) {
                continue;
            }
            if (!TenancyService.ROLE.matcher(role.trim()).matches()) {
                throw new IllegalArgumentException("roles: '" + role + "' must be lowercase letters, digits and _ . : - (at most 64)");
            }
            if (role.trim().equals(TenancyService.PLATFORM_ADMIN_ROLE)) {
                throw new IllegalArgumentException("roles: platform_admin cannot be given by invitation");
            }
            cleanRoles.add(role.trim());
        }
        if (cleanRoles.size() > 20) {
            throw new IllegalArgumentException("roles: at most 20");
        }
        Instant now = clock.instant();
        String token = LinkTokenService.randomToken();
        InviteRepository.Invite invite = new InviteRepository.Invite(UUID.randomUUID(), tenant.id(),
                email.trim().toLowerCase(java.util.Locale.ROOT), List.copyOf(cleanRoles), inviterId, now,
                now.plus(properties.inviteTtl()), null);
        invites.insert(invite, hash(token));
        audit.record(new AuditEvent("user", inviterId.toString(), tenant.id(), "tenant.invite_created", "invite",
                invite.id().toString(), ip, Map.of("roles", String.join(" ", cleanRoles))));
        return new Issued(new PendingInvite(invite.id(), tenant, invite.email(), invite.roles(), invite.expiresAt()), token);
    }

    /** The invitation the link stands for, if it is still open. */
    public PendingInvite peek(String token) {
        InviteRepository.Invite invite = open(token);
        Tenant tenant = tenancy.findById(invite.tenantId()).filter(Tenant::active)
                .orElseThrow(() -> new InviteRefusedException("expired"));
        return new PendingInvite(invite.id(), tenant, invite.email(), invite.roles(), invite.expiresAt());
    }

    public List<PendingInvite> pending(Tenant tenant) {
        return invites.pendingOf(tenant.id(), clock.instant()).stream()
                .map(i -> new PendingInvite(i.id(), tenant, i.email(), i.roles(), i.expiresAt())).toList();
    }

    /**
     * Accepts as the signed-in user, who becomes a member with the invited roles (added to any they hold).
     *
     * @throws InviteRefusedException when the invitation names an address of another account
     */
    @Transactional
    public Membership acceptAsExisting(String token, UUID userId, String ip) {
        InviteRepository.Invite invite = open(token);
        Optional<User> holder = users.findByEmail(invite.email());
        if (holder.isPresent() && !holder.get().id().equals(userId)) {
            throw new InviteRefusedException("other_account");
        }
        return join(invite, userId, ip);
    }

    /**
     * Accepts by creating an account for the invited address (verified: the link came to it).
     *
     * @throws IllegalArgumentException for a bad username or password
     * @throws InviteRefusedException when the address already has an account (sign in to accept instead)
     */
    @Transactional
    public User acceptAsNew(String token, String username, String password, String ip) {
        InviteRepository.Invite invite = open(token);
        if (users.findByEmail(invite.email()).isPresent()) {
            throw new InviteRefusedException("sign_in");
        }
        Tenant tenant = tenancy.findById(invite.tenantId()).orElseThrow(() -> new InviteRefusedException("expired"));
        Integer tenantMin = tenant.settings().passwordPolicy() == null ? null : tenant.settings().passwordPolicy().minLength();
        passwordPolicy.check(password, tenantMin, username, invite.email());
        User user = users.register(username, invite.email(), password, true, tenant.id());
        join(invite, user.id(), ip);
        return user;
    }

    private Membership join(InviteRepository.Invite invite, UUID userId, String ip) {
        Instant now = clock.instant();
        if (!invites.markAccepted(invite.id(), userId, now)) {
            throw new InviteRefusedException("used");
        }
        LinkedHashSet<String> roles = new LinkedHashSet<>(invite.roles());
        tenancy.membership(userId, invite.tenantId()).ifPresent(m -> roles.addAll(m.roles()));
        tenancy.setMembership(invite.tenantId(), userId, roles);
        audit.record(new AuditEvent("user", userId.toString(), invite.tenantId(), "tenant.invite_accepted", "invite",
                invite.id().toString(), ip, Map.of("roles", String.join(" ", invite.roles()))));
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("invite_id", invite.id().toString());
        data.put("tenant_id", invite.tenantId().toString());
        data.put("user_id", userId.toString());
        data.put("roles", invite.roles());
        events.publishEvent(new AuthEvent(EventTypes.TENANT_INVITE_ACCEPTED, invite.tenantId().toString(), data));
        return tenancy.membership(userId, invite.tenantId()).orElseThrow();
    }

    /** Invitations to the address, for the person's data export. */
    public List<Map<String, Object>> exportOf(String email) {
        if (email == null) {
            return List.of();
        }
        return invites.byEmail(email).stream().map(i -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("tenant_id", i.tenantId().toString());
            m.put("roles", i.roles());
            m.put("created_at", i.createdAt().toString());
            m.put("accepted_at", i.acceptedAt() == null ? null : i.acceptedAt().toString());
            return m;
        }).toList();
    }

    @Transactional
    public void forgetEmail(String email) {
        if (email != null) {
            invites.deleteByEmail(email);
        }
    }

    private InviteRepository.Invite open(String token) {
        if (token == null || token.isBlank() || token.length() > 100) {
            throw new InviteRefusedException("unknown");
        }
        InviteRepository.Invite invite = invites.findByTokenHash(hash(token))
                .orElseThrow(() -> new InviteRefusedException("unknown"));
        if (invite.acceptedAt() != null) {
            throw new InviteRefusedException("used");
        }
        if (!invite.expiresAt().isAfter(clock.instant())) {
            throw new InviteRefusedException("expired");
        }
        return invite;
    }

    private static String hash(String value) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** An invitation link that cannot be used; {@link #reason} is unknown, used, expired, other_account or sign_in. */
    public static class InviteRefusedException extends RuntimeException {

        private final String reason;

        InviteRefusedException(String reason) {
            super("invitation refused: " + reason);
            this.reason = reason;
        }

        public String reason() {
            return reason;
        }
    }
}
