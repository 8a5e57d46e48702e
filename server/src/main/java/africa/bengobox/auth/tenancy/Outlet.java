package africa.bengobox.auth.tenancy;

import java.util.UUID;

public record Outlet(UUID id, UUID tenantId, String slug, String name) {
}
