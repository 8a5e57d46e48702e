package africa.bengobox.auth.mail;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import java.time.Duration;
import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code bengobox.auth.notifications.*}: the outbound connector to the BengoBox notifications service, which can
 * carry email instead of SMTP, and SMS (docs/configuration.md, "Email and notifications").
 */
@ConfigurationProperties("bengobox.auth.notifications")
@Validated
public record NotificationsProperties(
        /* base URL; messages are POSTed to <url>/v1/messages. Unset: the connector is off */
        @Pattern(regexp = "https?://[^\\s?#]+", message = "must be an absolute http(s) URL without query or fragment") String url,
        /* sent as "Authorization: Bearer <token>"; never logged */
        String token,
        @DefaultValue("2s") @DurationMin(millis = 100) @DurationMax(seconds = 30) Duration connectTimeout,
        @DefaultValue("5s") @DurationMin(millis = 100) @DurationMax(seconds = 60) Duration requestTimeout,
        /* further attempts after a connection failure or a 5xx/429 answer, with doubling back-off from 200 ms */
        @DefaultValue("2") @Min(0) @Max(5) int retries) {

    public boolean enabled() {
        return url != null && !url.isBlank();
    }

    @Override
    public String toString() {
        return "NotificationsProperties[url=" + url + "]";
    }
}
