package africa.bengobox.auth.admin;

import africa.bengobox.auth.tenancy.TenancyService;
import africa.bengobox.auth.tenancy.Tenant;
import java.util.UUID;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Component;

/** Finds the tenant a path names, by id or slug, if the caller may see it. */
@Component
class Tenants {

    private final TenancyService tenancy;

    Tenants(TenancyService tenancy) {
        this.tenancy = tenancy;
    }

    /** 403 for a tenant administrator naming another tenant (existing or not), else the tenant or 404. */
    Tenant visible(AdminCaller caller, String idOrSlug) {
        UUID id = idOrSlug.length() == 36 && idOrSlug.charAt(8) == '-' ? uuid(idOrSlug) : null;
        if (!caller.platform()) {
            Tenant own = tenancy.findById(caller.tenantId()).orElseThrow();
            if (!own.id().equals(id) && !own.slug().equals(idOrSlug)) {
                throw new AccessDeniedException("this token administers another tenant");
            }
            return own;
        }
        return (id != null ? tenancy.findById(id) : tenancy.findBySlug(idOrSlug)).orElseThrow();
    }

    static UUID uuid(String value) {
        try {
            return UUID.fromString(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + value + "' is not a valid id");
        }
    }
}
