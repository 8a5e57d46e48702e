package africa.bengobox.auth.oauth.login;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.FactorGrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.userdetails.User;

/**
 * How a signed-in browser user is represented. The authentication's name is the user id (the {@code sub}); the
 * factors carry the time of each authentication ({@code auth_time}, {@code amr}); the details map carries the SSO
 * session id ({@code sid}) and the display name. Only Spring Security's own types are used, so the authentication
 * serialises with its allow-listed JSON support when stored with an authorization or a Redis session.
 */
public final class SignedInUser {

    static final String SID = "sid";
    static final String USERNAME = "username";

    private SignedInUser() {
    }

    static org.springframework.security.authentication.UsernamePasswordAuthenticationToken create(UUID userId, String username,
                                                                                               String factor, Instant at) {
        List<GrantedAuthority> authorities = new ArrayList<>();
        authorities.add(new SimpleGrantedAuthority("ROLE_USER"));
        authorities.add(FactorGrantedAuthority.withAuthority(factor).issuedAt(at).build());
        User principal = new User(userId.toString(), "", authorities);
        var token = org.springframework.security.authentication.UsernamePasswordAuthenticationToken.authenticated(principal, null, authorities);
        HashMap<String, Object> details = new HashMap<>();
        details.put(USERNAME, username);
        token.setDetails(details);
        return token;
    }

    public static boolean isUser(Authentication authentication) {
        return authentication != null && authentication.isAuthenticated() && authentication.getPrincipal() instanceof User
                && authentication.getDetails() instanceof Map<?, ?>;
    }

    public static UUID userId(Authentication authentication) {
        return UUID.fromString(authentication.getName());
    }

    public static String username(Authentication authentication) {
        return detail(authentication, USERNAME);
    }

    public static String sessionId(Authentication authentication) {
        return detail(authentication, SID);
    }

    /** When the user last proved who they are, over all factors. */
    public static Instant authTime(Authentication authentication) {
        Instant latest = null;
        for (GrantedAuthority a : authentication.getAuthorities()) {
            if (a instanceof FactorGrantedAuthority f && (latest == null || f.getIssuedAt().isAfter(latest))) {
                latest = f.getIssuedAt();
            }
        }
        return latest;
    }

    /** RFC 8176 authentication method references for the factors used. */
    public static List<String> amr(Authentication authentication) {
        List<String> amr = new ArrayList<>();
        for (GrantedAuthority a : authentication.getAuthorities()) {
            if (a instanceof FactorGrantedAuthority f) {
                switch (f.getAuthority()) {
                    case FactorGrantedAuthority.PASSWORD_AUTHORITY -> amr.add("pwd");
                    case FactorGrantedAuthority.OTT_AUTHORITY -> amr.add("otp");
                    case FactorGrantedAuthority.WEBAUTHN_AUTHORITY -> amr.add("hwk");
                    default -> amr.add(f.getAuthority().toLowerCase(java.util.Locale.ROOT));
                }
            }
        }
        return amr;
    }

    private static String detail(Authentication authentication, String key) {
        if (authentication.getDetails() instanceof Map<?, ?> details && details.get(key) instanceof String value) {
            return value;
        }
        return null;
    }
}
