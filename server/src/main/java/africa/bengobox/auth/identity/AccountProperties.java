package africa.bengobox.auth.identity;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code bengobox.auth.account.*}: registration, the password policy and the lifetimes of the links sent by email
 * (docs/configuration.md, "Accounts").
 */
@ConfigurationProperties("bengobox.auth.account")
@Validated
public record AccountProperties(
        /* the registration policy of tenants that set none, and of sign-ups that name no tenant */
        @DefaultValue("open") @NotNull RegistrationPolicy registration,
        /* self-registered accounts cannot sign in before they verify their email address */
        @DefaultValue("true") boolean requireEmailVerification,
        @DefaultValue @Valid PasswordPolicy password,
        @DefaultValue("24h") @DurationMin(minutes = 10) @DurationMax(days = 7) Duration verificationTtl,
        @DefaultValue("30m") @DurationMin(minutes = 5) @DurationMax(hours = 24) Duration resetTtl,
        @DefaultValue("10m") @DurationMin(minutes = 1) @DurationMax(hours = 1) Duration magicLinkTtl,
        @DefaultValue("7d") @DurationMin(hours = 1) @DurationMax(days = 30) Duration inviteTtl) {

    public enum RegistrationPolicy {
        OPEN, INVITE_ONLY, CLOSED;

        /** Reads a tenant's {@code registration} setting; null or unknown values mean none. */
        public static RegistrationPolicy parse(String value) {
            if (value == null) {
                return null;
            }
            return switch (value.trim().toLowerCase(java.util.Locale.ROOT)) {
                case "open" -> OPEN;
                case "invite_only" -> INVITE_ONLY;
                case "closed" -> CLOSED;
                default -> null;
            };
        }
    }

    /** NIST SP 800-63B: a length range and a list of refused common passwords, no composition rules. */
    public record PasswordPolicy(@DefaultValue("10") @Min(8) @Max(64) int minLength) {
    }
}
