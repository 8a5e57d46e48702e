package africa.bengobox.auth.tenancy;

import java.time.Instant;
import java.util.UUID;
import java.util.regex.Pattern;

/** A tenant; {@code version} grows with every change (the admin API's ETag). */
public record Tenant(UUID id, String slug, String name, Status status, Instant createdAt, Instant updatedAt,
                     TenantSettings settings, int version) {

    /** Canonical, immutable tenant slug: lowercase letters, digits and hyphens, 3-63 characters. */
    public static final Pattern SLUG = Pattern.compile("[a-z0-9](?:[a-z0-9-]{1,61})[a-z0-9]");

    public enum Status { ACTIVE, SUSPENDED, DELETED }

    public boolean active() {
        return status == Status.ACTIVE;
    }
}
