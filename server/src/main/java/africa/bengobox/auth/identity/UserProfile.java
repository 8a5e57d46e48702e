package africa.bengobox.auth.identity;

import java.util.UUID;

/** The OpenID Connect standard claims a user may have. */
public record UserProfile(UUID userId, String givenName, String familyName, String displayName, String phoneNumber,
                          boolean phoneVerified, String locale, String zoneinfo, String pictureUrl) {

    public static UserProfile empty(UUID userId) {
        return new UserProfile(userId, null, null, null, null, false, null, null, null);
    }
}
