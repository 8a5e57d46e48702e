package africa.bengobox.auth.oauth.token;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.JWK;
import java.security.GeneralSecurityException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What a JWK becomes for the JCA, made once per JWK instance and kept by key id. The key service re-reads the keys
 * every minute into new instances, so a re-read or withdrawn key is converted again rather than served stale; keys
 * rotate rarely, so the map is cleared when it grows rather than tracked.
 */
final class ConvertedKeys<T> {

    private static final int MAX_KEYS = 32;

    @FunctionalInterface
    interface Conversion<T> {
        T convert(JWK jwk) throws GeneralSecurityException, JOSEException;
    }

    private record Converted<T>(JWK jwk, T value) {
    }

    private final Map<String, Converted<T>> byKeyId = new ConcurrentHashMap<>();
    private final Conversion<T> conversion;

    ConvertedKeys(Conversion<T> conversion) {
        this.conversion = conversion;
    }

    T of(JWK jwk) throws GeneralSecurityException, JOSEException {
        Converted<T> cached = byKeyId.get(jwk.getKeyID());
        if (cached != null && cached.jwk() == jwk) {
            return cached.value();
        }
        if (byKeyId.size() >= MAX_KEYS) {
            byKeyId.clear();
        }
        T value = conversion.convert(jwk);
        byKeyId.put(jwk.getKeyID(), new Converted<>(jwk, value));
        return value;
    }
}
