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
import org.springframework.transaction.support.TransactionTemplate;

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
    private final TransactionTemplate tx;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    private volatile KeySnapshot snapshot;

    SigningKeyService(SigningKeyRepository repository, MasterKey masterKey, AuthProperties properties,
                      TransactionTemplate tx, Clock clock) {
        this.repository = repository;
        this.masterKey = masterKey;
        this.properties = properties;
        this.tx = tx;
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
     * Re-reads the keys from the database. Every minute, so that a rotation made by another node is picked up well
     * within the grace period in which the retired key is still published.
     */
    @Scheduled(fixedDelay = 60_000, initialDelay = 60_000)
    public void reload() {
        List<SigningKey> stored = repository.findAll();
        Instant now = clock.instant();
        Map<SigningAlgorithm, JWK> active = new EnumMap<>(SigningAlgorithm.class);
        List<JWK> published = new ArrayList<>();
        // If two nodes raced to create the first key, both keep verifying and the newest one signs everywhere.
        stored.stream().filter(k -> k.status() == SigningKey.Status.ACTIVE)
                .sorted(Comparator.comparing(SigningKey::createdAt).thenComparing(SigningKey::kid))
                .forEach(k -> SigningAlgorithm.of(k.algorithm()).ifPresent(alg -> active.put(alg, privateJwk(k))));
        for (SigningKey k : stored) {
            if (k.status() == SigningKey.Status.ACTIVE || k.verifiesAt(now)) {
                published.add(parse(k.publicJwk()));
            }
        }
        snapshot = new KeySnapshot(active, new JWKSet(published));
    }

    /** Makes a new key the signing key for the algorithm; the old one keeps verifying until its tokens expired. */
    public String rotate(SigningAlgorithm algorithm) {
        Instant now = clock.instant();
        Duration grace = properties.tokens().accessTokenTtl().plus(properties.tokens().idTokenTtl()).plus(Duration.ofMinutes(5));
        String kid = tx.execute(status -> {
            repository.findAll().stream()
                    .filter(k -> k.status() == SigningKey.Status.ACTIVE && k.algorithm().equals(algorithm.name()))
                    .forEach(k -> repository.retire(k.kid(), now, now.plus(grace)));
            return create(algorithm, now);
        });
        reload();
        log.info("Rotated the {} signing key; new kid {}", algorithm, kid);
        return kid;
    }

    /**
     * Rotates every signing key older than {@code bengobox.auth.keys.rotation-period}. Nodes that race here each
     * create a key; all of them are published and the newest signs everywhere (see {@link #reload()}).
     */
    @Scheduled(fixedDelay = 3_600_000, initialDelay = 600_000)
    void rotateExpired() {
        Instant threshold = clock.instant().minus(properties.keys().rotationPeriod());
        reload();
        for (SigningKey key : repository.findAll()) {
            if (key.status() == SigningKey.Status.ACTIVE && key.createdAt().isBefore(threshold)) {
                SigningAlgorithm.of(key.algorithm()).ifPresent(this::rotate);
            }
        }
        reload();
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
