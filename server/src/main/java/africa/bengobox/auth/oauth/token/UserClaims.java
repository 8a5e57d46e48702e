package africa.bengobox.auth.oauth.token;

import africa.bengobox.auth.identity.User;
import africa.bengobox.auth.identity.UserProfile;
import africa.bengobox.auth.identity.UserWithProfile;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Component;

/** The OpenID Connect standard claims a user releases, by scope (Core 5.4). */
@Component
public class UserClaims {

    private final TokenRequestUsers users;

    UserClaims(TokenRequestUsers users) {
        this.users = users;
    }

    public Map<String, Object> forScopes(UUID userId, Collection<String> scopes) {
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("sub", userId.toString());
        UserWithProfile found = users.find(userId).orElse(null);
        if (found == null) {
            return claims;
        }
        User user = found.user();
        UserProfile p = found.profile();
        if (scopes.contains("profile")) {
            claims.put("preferred_username", user.username());
            put(claims, "name", p.displayName() != null ? p.displayName() : joinNames(p));
            put(claims, "given_name", p.givenName());
            put(claims, "family_name", p.familyName());
            put(claims, "locale", p.locale());
            put(claims, "zoneinfo", p.zoneinfo());
            put(claims, "picture", p.pictureUrl());
            claims.put("updated_at", user.updatedAt().getEpochSecond());
        }
        if (scopes.contains("email") && user.email() != null) {
            claims.put("email", user.email());
            claims.put("email_verified", user.emailVerified());
        }
        if (scopes.contains("phone")) {
            if (p.phoneNumber() != null) {
                claims.put("phone_number", p.phoneNumber());
                claims.put("phone_number_verified", p.phoneVerified());
            }
        }
        return claims;
    }

    private static String joinNames(UserProfile p) {
        String joined = ((p.givenName() == null ? "" : p.givenName()) + " " + (p.familyName() == null ? "" : p.familyName())).trim();
        return joined.isEmpty() ? null : joined;
    }

    private static void put(Map<String, Object> claims, String name, Object value) {
        if (value != null) {
            claims.put(name, value);
        }
    }
}
