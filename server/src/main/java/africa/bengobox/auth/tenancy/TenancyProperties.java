package africa.bengobox.auth.tenancy;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.time.Duration;
import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code bengobox.auth.tenancy.*}, documented in docs/configuration.md.
 *
 * @param syncWindow        an unchanged tenant snapshot is announced on sign-in at most once per window
 * @param maxRolesClaimBytes largest {@code roles} claim (as JSON) a membership may produce; a change that would exceed
 *                          it is refused, tokens are never cut
 */
@ConfigurationProperties("bengobox.auth.tenancy")
@Validated
public record TenancyProperties(
        @DefaultValue("10m") @DurationMin(seconds = 0) @DurationMax(days = 7) Duration syncWindow,
        @DefaultValue("1024") @Min(64) @Max(8192) int maxRolesClaimBytes) {
}
