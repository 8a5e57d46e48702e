package africa.bengobox.auth.admin;

import java.util.UUID;
import org.springframework.security.access.AccessDeniedException;

/**
 * Who is calling the admin API: a platform administrator (every tenant) or a tenant administrator (one tenant).
 *
 * @param subject  the token's {@code sub}: a user id, or the client id of a service account
 * @param service  whether the caller is a service account (client credentials)
 * @param tenantId null for platform administrators
 */
record AdminCaller(String subject, boolean service, boolean platform, UUID tenantId) {

    /** Refuses (403) unless the caller may manage this tenant. */
    void requireTenant(UUID tenant) {
        if (!platform && !tenantId.equals(tenant)) {
            throw new AccessDeniedException("this token administers another tenant");
        }
    }

    void requirePlatform() {
        if (!platform) {
            throw new AccessDeniedException("only platform administrators may do this");
        }
    }
}
