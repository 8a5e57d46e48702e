package africa.bengobox.auth.keys;

import africa.bengobox.auth.config.AuthProperties;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;

/**
 * Owns the signing keys: one active key per algorithm signs, and every key that may still verify a live token is
 * published. Keys live in the database (private halves encrypted) so that every node signs with the same ones.
 */
@Service
public class SigningKeyService {

    private static final Logger log = LoggerFactory.getLogger(SigningKeyService.class);

    private final SigningKeyRepository repository;
    private final MasterKey masterKey;
    private final AuthProperties properties;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    /** How long a new key is published before it signs; longer than the interval at which nodes re-read keys. */
    static final Duration PUBLISH_LEAD = Duration.ofMinutes(2);

    private volatile KeySnapshot snapshot;

    SigningKeyService(SigningKeyRepository repository, MasterKey masterKey, AuthProperties properties,
                      Clock clock) {
        this.repository = repository;
        this.masterKey = masterKey;
        this.properties = properties;
        this.clock = clock;
        ensureActiveKeys();
    }

    /** The key that signs new tokens with this algorithm, private part included. */
    public JWK activeKey(SigningAlgorithm algorithm) {
        return snapshot.active().get(algorithm);
    }

    /** Public keys of every key that can still verify a token (active ones and recently retired ones). */
    public JWKSet publicKeys() {
        return snapshot.published();
    }

    /**
     * Re-reads the keys from the database. Every minute, so that every node publishes a new key long before any
     * node signs with it, and switches to it in step with the others.
     */
    @Scheduled(fixedDelay = 60_000, initialDelay = 60_000)
    public void reload() {
        reloadAt(clock.instant());
    }

    /**
     * Per algorithm, the newest active key that has been published for {@link #PUBLISH_LEAD} signs (or, on a first
     * start, the oldest active key); active keys older than the signing one are retired, and stay published until
     * the tokens they signed have expired.
     */
    void reloadAt(Instant now) {
        List<SigningKey> stored = repository.findAll();
        Map<SigningAlgorithm, SigningKey> signing = new EnumMap<>(SigningAlgorithm.class);
        for (SigningAlgorithm algorithm : SigningAlgorithm.values()) {
            List<SigningKey> active = stored.stream()
                    .filter(k -> k.status() == SigningKey.Status.ACTIVE && k.algorithm().equals(algorithm.name()))
                    .sorted(Comparator.comparing(SigningKey::createdAt).thenComparing(SigningKey::kid))
                    .toList();
            active.stream().filter(k -> !k.createdAt().isAfter(now.minus(PUBLISH_LEAD))).reduce((a, b) -> b)
                    .or(() -> active.stream().findFirst())
                    .ifPresent(k -> signing.put(algorithm, k));
        }
        Duration grace = properties.tokens().accessTokenTtl().plus(properties.tokens().idTokenTtl()).plus(Duration.ofMinutes(5));
        List<JWK> published = new ArrayList<>();
        for (SigningKey k : stored) {
            SigningKey signer = SigningAlgorithm.of(k.algorithm()).map(signing::get).orElse(null);
            if (k.status() == SigningKey.Status.ACTIVE && signer != null && k.createdAt().isBefore(signer.createdAt())) {
                repository.retire(k.kid(), now, now.plus(grace));
                published.add(parse(k.publicJwk()));
            } else if (k.status() == SigningKey.Status.ACTIVE || k.verifiesAt(now)) {
                published.add(parse(k.publicJwk()));
            }
        }
        Map<SigningAlgorithm, JWK> active = new EnumMap<>(SigningAlgorithm.class);
        signing.forEach((algorithm, key) -> active.put(algorithm, privateJwk(key)));
        snapshot = new KeySnapshot(active, new JWKSet(published));
    }

    /**
     * Adds a new key for the algorithm. It is published at once and signs from {@link #PUBLISH_LEAD} on, so that
     * relying parties that cache the JWKS already know it; the key it replaces keeps verifying after that.
     */
    public String rotate(SigningAlgorithm algorithm) {
        String kid = create(algorithm, clock.instant());
        reload();
        log.info("Added a new {} signing key, kid {}; it signs from {} on", algorithm, kid, clock.instant().plus(PUBLISH_LEAD));
        return kid;
    }

    /** Rotates every algorithm whose newest key is older than {@code bengobox.auth.keys.rotation-period}. */
    @Scheduled(fixedDelay = 3_600_000, initialDelay = 600_000)
    void rotateExpired() {
        Instant threshold = clock.instant().minus(properties.keys().rotationPeriod());
        List<SigningKey> stored = repository.findAll();
        for (SigningAlgorithm algorithm : SigningAlgorithm.values()) {
            boolean fresh = stored.stream().anyMatch(k -> k.status() == SigningKey.Status.ACTIVE
                    && k.algorithm().equals(algorithm.name()) && k.createdAt().isAfter(threshold));
            if (!fresh) {
                rotate(algorithm);
            }
        }
    }

    private void ensureActiveKeys() {
        reload();
        for (SigningAlgorithm algorithm : SigningAlgorithm.values()) {
            if (snapshot.active().get(algorithm) == null) {
                String kid = create(algorithm, clock.instant());
                log.info("Generated a {} signing key, kid {}", algorithm, kid);
            }
        }
        reload();
    }

    private String create(SigningAlgorithm algorithm, Instant now) {
        byte[] id = new byte[12];
        random.nextBytes(id);
        String kid = algorithm.name().toLowerCase() + "-" + Base64.getUrlEncoder().withoutPadding().encodeToString(id);
        try {
            JWK jwk = algorithm.generate(kid);
            String encrypted = masterKey.encrypt(jwk.toJSONString().getBytes(StandardCharsets.UTF_8), kid);
            repository.insert(new SigningKey(kid, algorithm.name(), SigningKey.Status.ACTIVE,
                    jwk.toPublicJWK().toJSONString(), encrypted, now, null, null));
            return kid;
        } catch (JOSEException e) {
            throw new IllegalStateException("Cannot generate a " + algorithm + " key", e);
        }
    }

    private JWK privateJwk(SigningKey key) {
        return parse(new String(masterKey.decrypt(key.privateKeyEnc(), key.kid()), StandardCharsets.UTF_8));
    }

    private static JWK parse(String json) {
        try {
            return JWK.parse(json);
        } catch (ParseException e) {
            throw new IllegalStateException("A stored signing key is not valid JWK JSON", e);
        }
    }

    private record KeySnapshot(Map<SigningAlgorithm, JWK> active, JWKSet published) {
    }
}
