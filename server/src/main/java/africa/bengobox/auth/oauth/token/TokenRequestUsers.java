package africa.bengobox.auth.oauth.token;

import africa.bengobox.auth.identity.UserService;
import africa.bengobox.auth.identity.UserWithProfile;
import africa.bengobox.auth.web.RequestMemo;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * The user a token request is about, with their profile, read once per request: the access token's check that the
 * account is still active and the ID token's claims both need it (before, two reads of the user and one of the
 * profile per code exchange). Nothing in a token request changes the user; outside a request it reads every time.
 */
@Component
class TokenRequestUsers {

    private static final RequestMemo<UUID, Optional<UserWithProfile>> FOUND_IN_REQUEST = new RequestMemo<>("token-user");

    private final UserService users;

    TokenRequestUsers(UserService users) {
        this.users = users;
    }

    Optional<UserWithProfile> find(UUID userId) {
        return FOUND_IN_REQUEST.get(userId, () -> users.findWithProfile(userId));
    }
}
