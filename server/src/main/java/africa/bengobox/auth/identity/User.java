package africa.bengobox.auth.identity;

import java.time.Instant;
import java.util.UUID;

/** A person's account. The password hash is never exposed outside this feature. */
public record User(UUID id, String username, String email, boolean emailVerified, Status status,
                   Instant createdAt, Instant updatedAt, Instant lastLoginAt) {

    public enum Status { ACTIVE, LOCKED, DISABLED }

    public boolean active() {
        return status == Status.ACTIVE;
    }
}
