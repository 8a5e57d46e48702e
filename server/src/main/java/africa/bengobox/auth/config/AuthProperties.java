package africa.bengobox.auth.config;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.context.properties.bind.Name;
import org.springframework.validation.annotation.Validated;

/**
 * Every {@code bengobox.auth.*} setting. Each one is documented in docs/configuration.md; invalid values stop
 * the start-up with a message that names the property.
 */
@ConfigurationProperties("bengobox.auth")
@Validated
public record AuthProperties(
        @DefaultValue("embedded") @NotNull Mode mode,
        @DefaultValue("http://localhost:8080")
        @Pattern(regexp = "https?://[^\\s?#]*[^\\s?#/]", message = "must be an absolute http(s) URL without query, fragment or trailing slash")
        String issuer,
        @DefaultValue("./data") @NotNull Path dataDir,
        @Name("import") Path importFile,
        @DefaultValue @Valid Tokens tokens,
        @DefaultValue @Valid Password password,
        @DefaultValue @Valid Keys keys) {

    public enum Mode { EMBEDDED, PRODUCTION }

    public URI issuerUri() {
        return URI.create(issuer);
    }

    public boolean production() {
        return mode == Mode.PRODUCTION;
    }

    public record Tokens(
            @DefaultValue("5m") @DurationMin(seconds = 30) @DurationMax(hours = 24) Duration accessTokenTtl,
            @DefaultValue("5m") @DurationMin(seconds = 30) @DurationMax(hours = 24) Duration idTokenTtl,
            @DefaultValue("30d") @DurationMin(minutes = 5) @DurationMax(days = 400) Duration refreshTokenTtl,
            @DefaultValue("60s") @DurationMin(seconds = 10) @DurationMax(minutes = 10) Duration authorizationCodeTtl,
            @DefaultValue("10m") @DurationMin(minutes = 1) @DurationMax(hours = 1) Duration deviceCodeTtl) {
    }

    /** Argon2id parameters; the defaults are OWASP's (19 MiB, 2 passes, 1 lane). */
    public record Password(
            @DefaultValue("19456") @Min(8192) @Max(1048576) int memoryKib,
            @DefaultValue("2") @Min(1) @Max(16) int iterations,
            @DefaultValue("1") @Min(1) @Max(16) int parallelism,
            /* concurrent hashes; 0 means one per processor, which bounds the memory a login storm can take */
            @DefaultValue("0") @Min(0) @Max(256) int maxConcurrent) {

        public int effectiveMaxConcurrent() {
            return maxConcurrent > 0 ? maxConcurrent : Runtime.getRuntime().availableProcessors();
        }
    }

    public record Keys(
            /* base64 of 32 random bytes; required in production mode, generated into the data dir otherwise.
               Checked by MasterKey rather than here, so that a bad value is never echoed into the start-up report. */
            String masterKey,
            @DefaultValue("90d") @DurationMin(days = 1) Duration rotationPeriod) {
    }
}
