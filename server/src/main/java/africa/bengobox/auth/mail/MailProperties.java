package africa.bengobox.auth.mail;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code bengobox.auth.mail.*}: how email leaves the service (docs/configuration.md, "Email and notifications").
 * The SMTP server itself is Spring Boot's {@code spring.mail.*}.
 */
@ConfigurationProperties("bengobox.auth.mail")
@Validated
public record MailProperties(
        @DefaultValue("auto") @NotNull Transport transport,
        @DefaultValue("BengoBox <no-reply@localhost>") @NotBlank String from) {

    /**
     * AUTO: the notifications service when {@code bengobox.auth.notifications.url} is set, else SMTP when
     * {@code spring.mail.host} is set, else the development mailbox in the embedded mode (nowhere in production).
     */
    public enum Transport { AUTO, SMTP, NOTIFICATIONS, DEV_MAILBOX }
}
