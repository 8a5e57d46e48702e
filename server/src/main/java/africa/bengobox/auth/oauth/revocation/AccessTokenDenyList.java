package africa.bengobox.auth.oauth.revocation;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Revoked JWT access tokens, by {@code jti}, until they would have expired anyway. Checks are local map look-ups
 * (introspection stays fast); the database keeps the list durable and shared, and {@link RevocationBroadcast}
 * spreads new entries to the other nodes at once (Redis); every node also polls the database twice a second, so a
 * revocation reaches every node within a second even without Redis or when a broadcast is missed.
 */
@Service
public class AccessTokenDenyList {

    private static final long POLL_MILLIS = 500;

    private final RevocationRepository repository;
    private final RevocationBroadcast broadcast;
    private final Clock clock;
    private final Map<String, Instant> revoked = new ConcurrentHashMap<>();
    private volatile Instant syncedUpTo;

    AccessTokenDenyList(RevocationRepository repository, RevocationBroadcast broadcast, Clock clock) {
        this.repository = repository;
        this.broadcast = broadcast;
        this.clock = clock;
        Instant now = clock.instant();
        // a node that starts late learns every revocation that still matters
        repository.liveSince(Instant.EPOCH, now).forEach(r -> revoked.put(r.jti(), r.expiresAt()));
        this.syncedUpTo = now;
        broadcast.onRevocation(this::remember);
    }

    @Transactional
    public void revoke(String jti, Instant expiresAt, String clientId, String reason) {
        if (jti == null || expiresAt == null || !expiresAt.isAfter(clock.instant())) {
            return;
        }
        repository.insertIfAbsent(jti, expiresAt, clock.instant(), clientId, reason);
        remember(jti, expiresAt);
        afterCommit(() -> broadcast.publish(jti, expiresAt));
    }

    private static void afterCommit(Runnable action) {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            action.run();
            return;
        }
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                action.run();
            }
        });
    }

    public boolean isRevoked(String jti) {
        return jti != null && revoked.containsKey(jti);
    }

    void remember(String jti, Instant expiresAt) {
        revoked.put(jti, expiresAt);
    }

    /**
     * Nodes that share the database pick up each other's revocations by polling it: the only way without Redis,
     * and the safety net with it, for a node that missed a broadcast. Every 500 ms, so that a revocation is known
     * everywhere within a second; each poll reads only what was revoked since the previous one (by an index). It
     * looks 2 s further back than that, for transactions that commit a revocation a little after stamping it.
     */
    @Scheduled(fixedDelay = POLL_MILLIS)
    void pollDatabase() {
        Instant now = clock.instant();
        Instant from = syncedUpTo.minus(Duration.ofSeconds(2));
        repository.liveSince(from, now).forEach(r -> remember(r.jti(), r.expiresAt()));
        syncedUpTo = now;
    }

    @Scheduled(fixedDelay = 600_000, initialDelay = 60_000)
    @Transactional
    void forgetExpired() {
        Instant now = clock.instant();
        revoked.values().removeIf(exp -> exp.isBefore(now));
        repository.deleteExpired(now);
    }
}
