package africa.bengobox.auth.audit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

/**
 * The append-only audit trail. Each entry's hash covers its content and the previous entry's hash, so removing or
 * editing an entry breaks the chain. Entries join the caller's transaction: no audit entry for a change that rolled back.
 */
@Service
public class AuditService {

    private final AuditRepository repository;
    private final Clock clock;
    private final JsonMapper json = JsonMapper.builder().build();

    AuditService(AuditRepository repository, Clock clock) {
        this.repository = repository;
        this.clock = clock;
    }

    @Transactional(propagation = Propagation.REQUIRED)
    public synchronized void record(AuditEvent event) {
        Instant at = clock.instant();
        String details = json.writeValueAsString(new TreeMap<>(event.details() == null ? Map.of() : event.details()));
        String prev = repository.lastHash().orElse("");
        String content = String.join("|", prev, at.toString(), event.actorType(), String.valueOf(event.actorId()),
                String.valueOf(event.tenantId()), event.action(), String.valueOf(event.targetType()),
                String.valueOf(event.targetId()), String.valueOf(event.ipAddress()), details);
        repository.insert(at, event, details, prev.isEmpty() ? null : prev, sha256(content));
    }

    private static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
