package africa.bengobox.auth.identity;

import java.time.Instant;
import java.util.UUID;

/** A person's account. The password hash is never exposed outside this feature. */
public record User(UUID id, String username, String email, boolean emailVerified, Status status,
                   Instant createdAt, Instant updatedAt, Instant lastLoginAt) {

    /** PENDING: registered, and must verify the email address before the first sign-in. */
    public enum Status { ACTIVE, LOCKED, DISABLED, PENDING }

    public boolean active() {
        return status == Status.ACTIVE;
    }
}
