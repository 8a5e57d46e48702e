package africa.bengobox.auth.events;

/** Names of the event catalogue; {@code docs/events.md} documents each with an example. */
public final class EventTypes {

    public static final String USER_CREATED = "auth.user.created";
    public static final String USER_UPDATED = "auth.user.updated";
    public static final String USER_LOCKED = "auth.user.locked";
    public static final String USER_DELETED = "auth.user.deleted";
    public static final String TENANT_CREATED = "auth.tenant.created";
    public static final String TENANT_UPDATED = "auth.tenant.updated";
    public static final String TENANT_INVITE_ACCEPTED = "auth.tenant.invite.accepted";
    public static final String TENANT_SYNCED = "auth.tenant.synced";
    public static final String OUTLET_SYNCED = "auth.outlet.synced";
    public static final String MEMBERSHIP_CHANGED = "auth.membership.changed";
    public static final String USAGE_THRESHOLD_EXCEEDED = "auth.usage.threshold_exceeded";

    /** Every catalogue name, for validating subscription filters. */
    public static final java.util.Set<String> ALL = java.util.Set.of(USER_CREATED, USER_UPDATED, USER_LOCKED, USER_DELETED,
            TENANT_CREATED, TENANT_UPDATED, TENANT_INVITE_ACCEPTED, TENANT_SYNCED, OUTLET_SYNCED, MEMBERSHIP_CHANGED,
            USAGE_THRESHOLD_EXCEEDED);

    private EventTypes() {
    }
}
