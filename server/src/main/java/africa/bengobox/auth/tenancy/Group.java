package africa.bengobox.auth.tenancy;

import java.time.Instant;
import java.util.UUID;

/** A group of users; {@code tenantId} null for a platform-wide group, which any tenant may bind roles to. */
public record Group(UUID id, UUID tenantId, String name, Instant createdAt) {
}
