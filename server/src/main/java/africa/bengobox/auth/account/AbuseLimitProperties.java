package africa.bengobox.auth.account;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.time.Duration;
import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code bengobox.auth.abuse-limits.*}: how many registration, password-reset and magic-link requests one email
 * address and one IP address may make per window, for each of the three (docs/configuration.md, "Accounts").
 */
@ConfigurationProperties("bengobox.auth.abuse-limits")
@Validated
public record AbuseLimitProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("5") @Min(1) @Max(10_000) int perAddress,
        @DefaultValue("30") @Min(1) @Max(100_000) int perIp,
        @DefaultValue("1h") @DurationMin(minutes = 1) @DurationMax(days = 1) Duration window) {
}
