package africa.bengobox.auth.tenancy;

import java.util.List;
import java.util.UUID;

/** A user's membership of a tenant with the tenant roles granted to them (directly or through groups). */
public record Membership(UUID userId, Tenant tenant, List<String> roles) {
}
