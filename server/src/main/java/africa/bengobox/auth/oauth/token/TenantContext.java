package africa.bengobox.auth.oauth.token;

import africa.bengobox.auth.tenancy.Membership;
import africa.bengobox.auth.tenancy.TenancyService;
import africa.bengobox.auth.tenancy.Tenant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * Which tenant a user acts for: the one the authorization request named ({@code tenant=<slug>}), else their only
 * membership. A named tenant the user does not belong to, or one that is not active, is refused.
 */
@Component
public class TenantContext {

    public static final String TENANT_PARAMETER = "tenant";

    public sealed interface Resolution {
        record Acting(Membership membership) implements Resolution {
        }

        /** Several memberships and no choice made: the user must pick one. */
        record MustChoose(List<Membership> memberships) implements Resolution {
        }

        /** No memberships: tokens carry no tenant. */
        record None() implements Resolution {
        }

        record Refused(String reason) implements Resolution {
        }
    }

    private final TenancyService tenancy;

    TenantContext(TenancyService tenancy) {
        this.tenancy = tenancy;
    }

    public Resolution resolve(UUID userId, String requestedSlug) {
        if (requestedSlug != null) {
            Optional<Tenant> tenant = tenancy.findBySlug(requestedSlug);
            if (tenant.isEmpty()) {
                return new Resolution.Refused("unknown tenant");
            }
            if (!tenant.get().active()) {
                return new Resolution.Refused("tenant is not active");
            }
            return tenancy.membership(userId, tenant.get().id())
                    .<Resolution>map(Resolution.Acting::new)
                    .orElseGet(() -> new Resolution.Refused("not a member of the tenant"));
        }
        List<Membership> memberships = tenancy.membershipsOf(userId);
        if (memberships.isEmpty()) {
            return new Resolution.None();
        }
        if (memberships.size() == 1) {
            Membership only = memberships.get(0);
            return only.tenant().active() ? new Resolution.Acting(only) : new Resolution.Refused("tenant is not active");
        }
        return new Resolution.MustChoose(memberships.stream().filter(m -> m.tenant().active()).toList());
    }

    /** The tenant a service account acts for, if it is active. */
    public Optional<Tenant> serviceAccountTenant(String tenantId) {
        return tenantId == null ? Optional.empty() : tenancy.findById(UUID.fromString(tenantId));
    }
}
