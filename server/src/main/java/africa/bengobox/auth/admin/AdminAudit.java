package africa.bengobox.auth.admin;

import africa.bengobox.auth.audit.AuditEvent;
import africa.bengobox.auth.audit.AuditService;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Map;
import java.util.function.Supplier;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Every change made through the admin API is recorded in the audit trail in the transaction of the change: who
 * (the token's subject), for which tenant, what (an action name and the request path). Never request bodies, which
 * may name secrets.
 */
@Component
class AdminAudit {

    private final AuditService audit;
    private final TransactionTemplate transactions;

    AdminAudit(AuditService audit, TransactionTemplate transactions) {
        this.audit = audit;
        this.transactions = transactions;
    }

    /** Runs the change and records it, both in one transaction (joining the caller's, if any). */
    <T> T change(AdminCaller caller, HttpServletRequest request, String action, Supplier<T> change) {
        return transactions.execute(s -> {
            T result = change.get();
            audit.record(new AuditEvent(caller.service() ? "client" : "user", caller.subject(), caller.tenantId(), "admin." + action,
                    "admin_api", null, request.getRemoteAddr(), Map.of("method", request.getMethod(), "path", request.getRequestURI())));
            return result;
        });
    }

    void change(AdminCaller caller, HttpServletRequest request, String action, Runnable change) {
        change(caller, request, action, () -> {
            change.run();
            return null;
        });
    }
}
