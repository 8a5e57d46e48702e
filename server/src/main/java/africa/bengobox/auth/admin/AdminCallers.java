package africa.bengobox.auth.admin;

import africa.bengobox.auth.tenancy.Membership;
import africa.bengobox.auth.tenancy.TenancyService;
import africa.bengobox.auth.tenancy.Tenant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthentication;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.stereotype.Component;

/**
 * Decides an admin token's reach. A service account (client credentials: {@code sub} is the client id) of the
 * platform tenant is a platform administrator, one of another tenant administers that tenant, one without a tenant
 * nothing. A user is a platform administrator when acting for the platform tenant with role {@code platform_admin},
 * a tenant administrator when acting for a tenant with role {@code tenant_admin}; roles are checked against the
 * current memberships, not the token, so a withdrawn role stops working at once.
 */
@Component
class AdminCallers {

    private final TenancyService tenancy;

    AdminCallers(TenancyService tenancy) {
        this.tenancy = tenancy;
    }

    AdminCaller of(Authentication authentication) {
        Map<String, Object> claims = switch (authentication) {
            case JwtAuthenticationToken jwt -> jwt.getToken().getClaims();
            case BearerTokenAuthentication opaque -> opaque.getTokenAttributes();
            default -> throw new AccessDeniedException("not a bearer token");
        };
        String subject = String.valueOf(claims.get("sub"));
        Optional<Tenant> tenant = claims.get("tenant_id") instanceof String id ? tenancy.findById(UUID.fromString(id)) : Optional.empty();
        if (tenant.isEmpty() || !tenant.get().active()) {
            throw new AccessDeniedException("the token acts for no active tenant");
        }
        boolean platformTenant = TenancyService.PLATFORM_TENANT.equals(tenant.get().slug());
        if (subject.equals(claims.get("client_id"))) {
            return new AdminCaller(subject, true, platformTenant, platformTenant ? null : tenant.get().id());
        }
        Membership membership = tenancy.membership(UUID.fromString(subject), tenant.get().id())
                .orElseThrow(() -> new AccessDeniedException("not a member of the token's tenant"));
        if (platformTenant && membership.roles().contains(TenancyService.PLATFORM_ADMIN_ROLE)) {
            return new AdminCaller(subject, false, true, null);
        }
        if (membership.roles().contains(TenancyService.TENANT_ADMIN_ROLE)) {
            return new AdminCaller(subject, false, false, tenant.get().id());
        }
        throw new AccessDeniedException("the user is not an administrator of the token's tenant");
    }
}
