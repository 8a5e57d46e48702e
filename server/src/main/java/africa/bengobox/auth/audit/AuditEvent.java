package africa.bengobox.auth.audit;

import java.util.Map;
import java.util.UUID;

/** Something worth recording: who did what to which thing. Details must never hold secrets. */
public record AuditEvent(String actorType, String actorId, UUID tenantId, String action,
                         String targetType, String targetId, String ipAddress, Map<String, Object> details) {

    public static AuditEvent system(String action, String targetType, String targetId, Map<String, Object> details) {
        return new AuditEvent("system", null, null, action, targetType, targetId, null, details);
    }
}
