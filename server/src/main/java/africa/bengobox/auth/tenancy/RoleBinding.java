package africa.bengobox.auth.tenancy;

import java.time.Instant;
import java.util.UUID;

/**
 * A tenant role granted to a user or a group, tenant-wide or (outletId set) limited to one outlet.
 *
 * @param subjectType {@code user} or {@code group}
 */
public record RoleBinding(UUID id, UUID tenantId, String role, String subjectType, UUID subjectId, UUID outletId,
                          Instant createdAt) {

    public static final String USER = "user";
    public static final String GROUP = "group";
}
