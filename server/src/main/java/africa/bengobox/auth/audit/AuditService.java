package africa.bengobox.auth.audit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

/**
 * The append-only audit trail. Each entry's hash covers its content and the previous entry's hash, so removing or
 * editing an entry breaks the chain. Entries join the caller's transaction: no audit entry for a change that rolled back.
 *
 * <p>Personal identifiers (actor id, target id, IP address) are not hashed into the chain themselves: the chain covers
 * a salted digest of them, kept with the entry. Erasing a person replaces their id by a pseudonym, drops the IP
 * address and the salt, and leaves the chain verifiable (docs/decisions/0006-audit-pseudonymisation.md). Details must
 * never hold personal data or secrets, as they stay in the chain.
 */
@Service
public class AuditService {

    private static final int PAGE = 500;

    private final AuditRepository repository;
    private final Clock clock;
    private final JsonMapper json = JsonMapper.builder().build();
    private final SecureRandom random = new SecureRandom();

    AuditService(AuditRepository repository, Clock clock) {
        this.repository = repository;
        this.clock = clock;
    }

    @Transactional(propagation = Propagation.REQUIRED)
    public synchronized void record(AuditEvent event) {
        // the database keeps microseconds: hash exactly what is stored
        Instant at = clock.instant().truncatedTo(ChronoUnit.MICROS);
        String details = json.writeValueAsString(new TreeMap<>(event.details() == null ? Map.of() : event.details()));
        String prev = repository.lastHash().orElse("");
        byte[] saltBytes = new byte[16];
        random.nextBytes(saltBytes);
        String salt = HexFormat.of().formatHex(saltBytes);
        String digest = personalDigest(salt, event);
        repository.insert(at, event, details, salt, digest, prev.isEmpty() ? null : prev, sha256(content(prev, at, event, details, digest)));
    }

    /** Audit entries whose actor or target is the user, oldest first (for the user's data export). */
    public List<Map<String, Object>> entriesAbout(UUID userId) {
        return repository.about(userId.toString()).stream().map(e -> {
            Map<String, Object> m = new TreeMap<>();
            m.put("occurred_at", e.at().toString());
            m.put("action", e.event().action());
            m.put("actor_type", e.event().actorType());
            m.put("actor_id", e.event().actorId());
            m.put("target_type", e.event().targetType());
            m.put("target_id", e.event().targetId());
            m.put("ip_address", e.event().ipAddress());
            m.put("details", json.readValue(e.details(), Map.class));
            return m;
        }).toList();
    }

    /**
     * Replaces the user's id by a fresh pseudonym (the same one in all their entries, linked to nothing else) and
     * drops the IP addresses of those entries. Returns the number of entries changed.
     */
    @Transactional(propagation = Propagation.REQUIRED)
    public synchronized int pseudonymise(UUID userId) {
        return repository.pseudonymise(userId.toString(), "erased:" + UUID.randomUUID(), clock.instant());
    }

    /**
     * Walks the whole chain: every entry must link to its predecessor and (format 2) hash to its stored hash, and an
     * entry whose personal data was not erased must match its personal digest.
     */
    @Transactional(readOnly = true)
    public Verification verify() {
        String prev = "";
        long after = 0;
        long checked = 0;
        List<AuditRepository.StoredEntry> page;
        while (!(page = repository.page(after, PAGE)).isEmpty()) {
            for (AuditRepository.StoredEntry e : page) {
                if (!Objects.equals(prev.isEmpty() ? null : prev, e.prevHash())) {
                    return new Verification(false, checked, e.id(), "prev_hash does not match the previous entry");
                }
                // format 1 hashed the time to the nanosecond, which the database does not keep: those entries can
                // only be checked for their link
                if (e.chainVersion() >= 2 && !sha256(content(prev, e.at(), e.event(), e.details(), e.personalDigest())).equals(e.entryHash())) {
                    return new Verification(false, checked, e.id(), "entry_hash does not match the entry");
                }
                if (e.chainVersion() >= 2 && !e.erased() && !personalDigest(e.salt(), e.event()).equals(e.personalDigest())) {
                    return new Verification(false, checked, e.id(), "personal data does not match its digest");
                }
                prev = e.entryHash();
                after = e.id();
                checked++;
            }
        }
        return new Verification(true, checked, null, null);
    }

    /** The result of {@link #verify()}: the first broken entry, if any. */
    public record Verification(boolean intact, long entriesChecked, Long brokenEntryId, String reason) {
    }

    private static String content(String prev, Instant at, AuditEvent event, String details, String personalDigest) {
        return String.join("|", "v2", prev, at.toString(), event.actorType(), String.valueOf(event.tenantId()),
                event.action(), String.valueOf(event.targetType()), personalDigest, details);
    }

    private static String personalDigest(String salt, AuditEvent event) {
        return sha256(String.join("|", String.valueOf(salt), String.valueOf(event.actorId()),
                String.valueOf(event.targetId()), String.valueOf(event.ipAddress())));
    }

    private static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
