package africa.bengobox.auth.events;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.time.Duration;
import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code bengobox.auth.events.*}: webhook delivery. Each property is documented in docs/configuration.md.
 *
 * @param delivery              whether this node delivers webhooks (every node writes events regardless)
 * @param pollInterval          how often a delivering node looks for due deliveries
 * @param batchSize             deliveries claimed per poll
 * @param requestTimeout        connect and response timeout of one webhook request
 * @param lease                 how long a claimed delivery stays invisible to other nodes while it is attempted
 * @param retryInitialDelay     delay before the first retry; it doubles each attempt, with jitter
 * @param retryMaxDelay         longest delay between two attempts
 * @param retryHorizon          how long after the event a failing delivery keeps being retried before it is dead
 * @param secretRotationOverlap how long the previous secret still signs after a rotation, unless the request says
 * @param retention             how long events and their delivery logs are kept (for replays) once nothing is pending
 * @param allowPrivateAddresses webhook URLs that resolve to loopback, link-local or private addresses: allowed when
 *                              true; refused when false; unset = allowed in embedded mode, refused in production
 */
@ConfigurationProperties("bengobox.auth.events")
@Validated
public record EventsProperties(
        @DefaultValue("true") boolean delivery,
        @DefaultValue("1s") @DurationMin(millis = 50) @DurationMax(minutes = 5) Duration pollInterval,
        @DefaultValue("50") @Min(1) @Max(1000) int batchSize,
        @DefaultValue("5s") @DurationMin(millis = 100) @DurationMax(seconds = 60) Duration requestTimeout,
        @DefaultValue("60s") @DurationMin(seconds = 1) @DurationMax(hours = 1) Duration lease,
        @DefaultValue("10s") @DurationMin(millis = 10) @DurationMax(hours = 1) Duration retryInitialDelay,
        @DefaultValue("1h") @DurationMin(millis = 10) @DurationMax(hours = 12) Duration retryMaxDelay,
        @DefaultValue("26h") @DurationMin(seconds = 1) @DurationMax(days = 14) Duration retryHorizon,
        @DefaultValue("24h") @DurationMin(seconds = 0) @DurationMax(days = 30) Duration secretRotationOverlap,
        @DefaultValue("30d") @DurationMin(days = 1) @DurationMax(days = 3650) Duration retention,
        Boolean allowPrivateAddresses) {
}
