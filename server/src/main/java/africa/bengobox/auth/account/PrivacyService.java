package africa.bengobox.auth.account;

import africa.bengobox.auth.audit.AuditEvent;
import africa.bengobox.auth.audit.AuditService;
import africa.bengobox.auth.identity.User;
import africa.bengobox.auth.identity.UserProfile;
import africa.bengobox.auth.identity.UserService;
import africa.bengobox.auth.oauth.store.ConsentStore;
import africa.bengobox.auth.oauth.store.HashedAuthorizationService;
import africa.bengobox.auth.tenancy.TenancyService;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The data protection rights of GDPR and the Kenyan Data Protection Act, 2019: access (an export of everything held
 * about the person) and erasure (deletion of the account and its personal data, with the audit trail pseudonymised).
 */
@Service
public class PrivacyService {

    private final UserService users;
    private final TenancyService tenancy;
    private final HashedAuthorizationService authorizations;
    private final ConsentStore consents;
    private final InviteService invites;
    private final AuditService audit;
    private final Clock clock;

    PrivacyService(UserService users, TenancyService tenancy, HashedAuthorizationService authorizations,
                   ConsentStore consents, InviteService invites, AuditService audit, Clock clock) {
        this.clock = clock;
        this.users = users;
        this.tenancy = tenancy;
        this.authorizations = authorizations;
        this.consents = consents;
        this.invites = invites;
        this.audit = audit;
    }

    /** Everything the service holds about the user, as a JSON-ready map. */
    @Transactional(readOnly = true)
    public Map<String, Object> export(UUID userId) {
        User user = users.findById(userId).orElseThrow(() -> new IllegalArgumentException("account no longer exists"));
        Map<String, Object> out = new LinkedHashMap<>();
        Map<String, Object> account = new LinkedHashMap<>();
        account.put("id", user.id().toString());
        account.put("username", user.username());
        account.put("email", user.email());
        account.put("email_verified", user.emailVerified());
        account.put("status", user.status().name().toLowerCase(java.util.Locale.ROOT));
        account.put("created_at", user.createdAt().toString());
        account.put("updated_at", user.updatedAt().toString());
        account.put("last_login_at", text(user.lastLoginAt()));
        out.put("account", account);
        UserProfile p = users.profile(userId);
        Map<String, Object> profile = new LinkedHashMap<>();
        profile.put("given_name", p.givenName());
        profile.put("family_name", p.familyName());
        profile.put("display_name", p.displayName());
        profile.put("phone_number", p.phoneNumber());
        profile.put("phone_number_verified", p.phoneVerified());
        profile.put("locale", p.locale());
        profile.put("zoneinfo", p.zoneinfo());
        profile.put("picture", p.pictureUrl());
        out.put("profile", profile);
        out.put("memberships", tenancy.membershipsOf(userId).stream().map(m -> {
            Map<String, Object> v = new LinkedHashMap<>();
            v.put("tenant", m.tenant().slug());
            v.put("tenant_name", m.tenant().name());
            v.put("roles", m.roles());
            return v;
        }).toList());
        out.put("consents", consents.exportOf(userId.toString()));
        out.put("sessions", authorizations.grantsOf(userId.toString()));
        out.put("invitations", invites.exportOf(user.email()));
        out.put("audit", audit.entriesAbout(userId));
        out.put("exported_at", clock.instant().toString());
        return out;
    }

    /**
     * Deletes the account: every token revoked, consents, grants, role bindings, invitations to the address and the
     * account with its profile, memberships and links deleted, and the audit entries about the user pseudonymised.
     * Publishes {@code auth.user.deleted} (with the id only).
     *
     * @throws IllegalArgumentException for the last platform administrator, who would leave the platform unmanaged
     */
    @Transactional
    public void delete(UUID userId, String ip) {
        User user = users.findById(userId).orElseThrow(() -> new IllegalArgumentException("account no longer exists"));
        if (tenancy.findBySlug(TenancyService.PLATFORM_TENANT)
                .map(p -> tenancy.isOnlyHolderOf(p.id(), TenancyService.PLATFORM_ADMIN_ROLE, userId)).orElse(false)) {
            throw new IllegalArgumentException("the last platform administrator cannot delete their account: "
                    + "make someone else a platform administrator first");
        }
        String principal = userId.toString();
        authorizations.forgetPrincipal(principal);
        consents.removeAllOf(principal);
        tenancy.forgetUser(userId);
        invites.forgetEmail(user.email());
        audit.record(new AuditEvent("user", principal, null, "user.deleted", "user", principal, ip, Map.of()));
        users.delete(userId);
        audit.pseudonymise(userId);
    }

    private static String text(Instant at) {
        return at == null ? null : at.toString();
    }
}
