package africa.bengobox.auth.oauth.token;

import africa.bengobox.auth.identity.UserService;
import africa.bengobox.auth.identity.UserWithProfile;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;

/**
 * The user a token request is about, with their profile, read once per request: the access token's check that the
 * account is still active and the ID token's claims both need it (before, two reads of the user and one of the
 * profile per code exchange). Nothing in a token request changes the user; outside a request it reads every time.
 */
@Component
class TokenRequestUsers {

    private static final String FOUND_IN_REQUEST = TokenRequestUsers.class.getName() + ".found";

    private record Found(UUID userId, Optional<UserWithProfile> user) {
    }

    private final UserService users;

    TokenRequestUsers(UserService users) {
        this.users = users;
    }

    Optional<UserWithProfile> find(UUID userId) {
        RequestAttributes request = RequestContextHolder.getRequestAttributes();
        if (request == null) {
            return users.findWithProfile(userId);
        }
        if (request.getAttribute(FOUND_IN_REQUEST, RequestAttributes.SCOPE_REQUEST) instanceof Found found
                && found.userId().equals(userId)) {
            return found.user();
        }
        Optional<UserWithProfile> user = users.findWithProfile(userId);
        request.setAttribute(FOUND_IN_REQUEST, new Found(userId, user), RequestAttributes.SCOPE_REQUEST);
        return user;
    }
}
