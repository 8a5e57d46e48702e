package africa.bengobox.auth.oauth.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import africa.bengobox.auth.identity.User;
import africa.bengobox.auth.identity.UserProfile;
import africa.bengobox.auth.identity.UserService;
import africa.bengobox.auth.identity.UserWithProfile;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/** A token request reads its user once; another user, another request or no request reads again. */
class TokenRequestUsersTest {

    private final UserService service = mock(UserService.class);
    private final TokenRequestUsers users = new TokenRequestUsers(service);
    private final UUID alice = UUID.randomUUID();
    private final UUID bob = UUID.randomUUID();

    @AfterEach
    void noRequest() {
        RequestContextHolder.resetRequestAttributes();
    }

    @Test
    void readOncePerRequestAndUser() {
        when(service.findWithProfile(alice)).thenReturn(Optional.of(user(alice)));
        when(service.findWithProfile(bob)).thenReturn(Optional.empty());
        inRequest();
        assertThat(users.find(alice)).map(u -> u.user().id()).contains(alice);
        assertThat(users.find(alice)).map(u -> u.user().id()).contains(alice);
        verify(service, times(1)).findWithProfile(alice);

        assertThat(users.find(bob)).isEmpty();
        verify(service, times(1)).findWithProfile(bob);

        inRequest();
        users.find(alice);
        verify(service, times(2)).findWithProfile(alice);
    }

    @Test
    void outsideARequestEveryCallReads() {
        when(service.findWithProfile(alice)).thenReturn(Optional.of(user(alice)));
        users.find(alice);
        users.find(alice);
        verify(service, times(2)).findWithProfile(alice);
    }

    private static void inRequest() {
        RequestContextHolder.setRequestAttributes(new ServletRequestAttributes(new MockHttpServletRequest()));
    }

    private static UserWithProfile user(UUID id) {
        Instant now = Instant.now();
        return new UserWithProfile(new User(id, "someone", null, false, User.Status.ACTIVE, now, now, null), UserProfile.empty(id));
    }
}
