package africa.bengobox.auth.oauth.revocation;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
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

    /** How long a number left out by another node's transaction is looked for: longer than any revoking transaction. */
    private static final Duration GAP_PATIENCE = Duration.ofMinutes(1);

    /**
     * At start, the numbers left out among the last this many are looked for: a transaction still running then holds
     * one of the newest numbers. Further back the gaps are expired revocations already deleted.
     */
    private static final long GAPS_AT_START = 1_000;

    /**
     * A bound on the numbers looked for, the newest kept: the sequence may jump (PostgreSQL skips up to 32 after a
     * crash), and a node starting on an empty table (every revocation expired) sees the first new one far above 1.
     */
    private static final int MAX_GAPS = 10_000;

    private final RevocationRepository repository;
    private final RevocationBroadcast broadcast;
    private final Clock clock;
    private final Map<String, Instant> revoked = new ConcurrentHashMap<>();
    /** The highest revocation number read (numbers start at 1); guarded by {@code this}, as {@link #gaps} is. */
    private long highestSeen;
    /** Numbers below {@link #highestSeen} not read yet, with when they were first missed. */
    private final NavigableMap<Long, Instant> gaps = new TreeMap<>();

    AccessTokenDenyList(RevocationRepository repository, RevocationBroadcast broadcast, Clock clock) {
        this.repository = repository;
        this.broadcast = broadcast;
        this.clock = clock;
        // a node that starts late learns every revocation that still matters
        List<RevocationRepository.Revoked> all = repository.numberedFrom(Long.MIN_VALUE);
        synchronized (this) {
            learn(all, clock.instant());
            gaps.headMap(highestSeen - GAPS_AT_START).clear();
        }
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
     * everywhere within a second; each poll reads only the revocations numbered after the highest one seen, and
     * those left out by a transaction that had not committed yet (by an index). Numbers, unlike times, do not depend
     * on the revoking node's clock nor on how long its transaction took to commit.
     */
    @Scheduled(fixedDelay = POLL_MILLIS)
    synchronized void pollDatabase() {
        Instant now = clock.instant();
        gaps.values().removeIf(missedAt -> missedAt.isBefore(now.minus(GAP_PATIENCE)));
        long first = gaps.isEmpty() ? highestSeen + 1 : gaps.firstKey();
        learn(repository.numberedFrom(first), now);
    }

    /** Rows in the order of their numbers; a number skipped on the way is a gap, a gap's row fills it. */
    private void learn(List<RevocationRepository.Revoked> rows, Instant now) {
        for (RevocationRepository.Revoked row : rows) {
            if (row.seq() > highestSeen) {
                for (long missing = Math.max(highestSeen + 1, row.seq() - MAX_GAPS); missing < row.seq(); missing++) {
                    gaps.put(missing, now);
                }
                highestSeen = row.seq();
            } else {
                gaps.remove(row.seq());
            }
            if (row.expiresAt().isAfter(now)) {
                remember(row.jti(), row.expiresAt());
            }
        }
        while (gaps.size() > MAX_GAPS) {
            gaps.pollFirstEntry();
        }
    }

    @Scheduled(fixedDelay = 600_000, initialDelay = 60_000)
    @Transactional
    void forgetExpired() {
        Instant now = clock.instant();
        revoked.values().removeIf(exp -> exp.isBefore(now));
        repository.deleteExpired(now);
    }
}
