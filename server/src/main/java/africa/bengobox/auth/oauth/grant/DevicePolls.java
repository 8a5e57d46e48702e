package africa.bengobox.auth.oauth.grant;

import java.time.Duration;

/**
 * When each device last polled the token endpoint for a pending device code, so that one polling faster than the
 * interval is told to slow down (RFC 8628 3.5). With Redis configured the record is shared, so a device whose polls
 * a load balancer spreads over several nodes is seen as one; otherwise it is this node's.
 */
public interface DevicePolls {

    /** Records a poll with the device code now; true when the previous poll with it was less than interval ago. */
    boolean tooSoon(String deviceCode, Duration interval);
}
