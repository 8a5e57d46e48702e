package africa.bengobox.auth.oauth.login;

import africa.bengobox.auth.identity.User;
import africa.bengobox.auth.identity.UserService;
import java.time.Clock;
import java.util.Optional;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.FactorGrantedAuthority;
import org.springframework.stereotype.Component;

/** Username-or-email and password sign-in. Every failure looks the same, whether or not the account exists. */
@Component
public class PasswordLoginProvider implements AuthenticationProvider {

    private final UserService users;
    private final Clock clock;

    PasswordLoginProvider(UserService users, Clock clock) {
        this.users = users;
        this.clock = clock;
    }

    @Override
    public Authentication authenticate(Authentication authentication) {
        String login = authentication.getName();
        Object credentials = authentication.getCredentials();
        String password = credentials == null ? null : credentials.toString();
        Optional<User> user = users.authenticate(login, password);
        if (user.isEmpty() || !user.get().active()) {
            throw new BadCredentialsException("Bad credentials");
        }
        return SignedInUser.create(user.get().id(), user.get().username(), FactorGrantedAuthority.PASSWORD_AUTHORITY, clock.instant());
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
    }
}
