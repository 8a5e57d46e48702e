package africa.bengobox.auth.tenancy;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * A branch, store or kitchen of a tenant.
 *
 * @param metadata free-form JSON object, at most 16000 characters serialised
 * @param version  grows with every change (the admin API's ETag)
 */
public record Outlet(UUID id, UUID tenantId, String slug, String name, Address address, Map<String, Object> metadata,
                     Instant createdAt, Instant updatedAt, int version) {

    public static final Address NO_ADDRESS = new Address(null, null, null, null, null, null);

    /** @param country ISO 3166-1 alpha-2 code, upper case */
    public record Address(String line1, String line2, String city, String region, String postalCode, String country) {
    }

    public Outlet {
        address = address == null ? NO_ADDRESS : address;
        metadata = metadata == null ? Map.of() : metadata;
    }
}
