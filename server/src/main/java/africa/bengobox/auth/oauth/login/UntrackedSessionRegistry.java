package africa.bengobox.auth.oauth.login;

import java.util.List;
import org.springframework.security.core.session.SessionInformation;
import org.springframework.security.core.session.SessionRegistry;

/**
 * The session registry Spring's authorization server is given, which keeps none. A sign-in's OIDC session id
 * ({@code sid}) travels with the signed-in user ({@link SignedInUser#sessionId}) into its tokens, whichever node or
 * session store holds the session, and {@link SameSessionLogout} checks it at logout. Spring's default, an in-memory
 * {@code SessionRegistryImpl} per node, kept an entry for every sign-in for the life of the process (no
 * session-destroyed events reach it), knew only its own node's sign-ins, and had every code exchange sort all of the
 * user's sessions to find the newest.
 */
public final class UntrackedSessionRegistry implements SessionRegistry {

    @Override
    public List<Object> getAllPrincipals() {
        return List.of();
    }

    @Override
    public List<SessionInformation> getAllSessions(Object principal, boolean includeExpiredSessions) {
        return List.of();
    }

    @Override
    public SessionInformation getSessionInformation(String sessionId) {
        return null;
    }

    @Override
    public void refreshLastRequest(String sessionId) {
        // nothing is tracked
    }

    @Override
    public void registerNewSession(String sessionId, Object principal) {
        // nothing is tracked: the sid is in the signed-in user's details
    }

    @Override
    public void removeSessionInformation(String sessionId) {
        // nothing is tracked
    }
}
