package africa.bengobox.auth.config;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/** The first platform administrator, from BENGOBOX_BOOTSTRAP_ADMIN_USERNAME / _PASSWORD. */
@ConfigurationProperties("bengobox.bootstrap")
@Validated
public record BootstrapProperties(@DefaultValue @Valid Admin admin) {

    public record Admin(
            @DefaultValue("admin") @Pattern(regexp = "[A-Za-z0-9._@-]{3,64}", message = "must be 3-64 letters, digits or . _ @ -") String username,
            @Size(min = 10, max = 128, message = "must be 10 to 128 characters") String password) {
    }
}
