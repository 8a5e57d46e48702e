package africa.bengobox.auth.oauth.revocation;

import java.time.Instant;
import java.util.function.BiConsumer;

/** Spreads revocations to the other nodes at once; without Redis they learn them from the database within a second. */
interface RevocationBroadcast {

    void publish(String jti, Instant expiresAt);

    void onRevocation(BiConsumer<String, Instant> listener);
}
