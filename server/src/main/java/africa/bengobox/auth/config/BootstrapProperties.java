package africa.bengobox.auth.config;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Pattern;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/** The first platform administrator, from BENGOBOX_BOOTSTRAP_ADMIN_USERNAME / _PASSWORD. */
@ConfigurationProperties("bengobox.bootstrap")
@Validated
public record BootstrapProperties(@DefaultValue @Valid Admin admin) {

    public record Admin(
            @DefaultValue("admin") @Pattern(regexp = "[A-Za-z0-9._@-]{3,64}", message = "must be 3-64 letters, digits or . _ @ -") String username,
            /* length checked by the bootstrap runner, so that a bad value is never echoed into the start-up report */
            String password) {
    }
}
