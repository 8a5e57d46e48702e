package africa.bengobox.auth.oauth.revocation;

import java.time.Instant;
import java.util.function.BiConsumer;

/** Spreads revocations to the other nodes; a single node (no Redis) has nobody to tell. */
interface RevocationBroadcast {

    void publish(String jti, Instant expiresAt);

    void onRevocation(BiConsumer<String, Instant> listener);

    /** True when other nodes are told directly, so nobody needs to poll the database. */
    boolean isShared();
}
