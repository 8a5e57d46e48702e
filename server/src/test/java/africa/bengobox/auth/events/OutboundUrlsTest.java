package africa.bengobox.auth.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Which webhook URLs the server calls when private addresses are refused (production mode's default). */
class OutboundUrlsTest {

    final OutboundUrls production = new OutboundUrls(false);

    @ParameterizedTest
    @ValueSource(strings = {"http://127.0.0.1/hook", "http://localhost:8080/hook", "http://[::1]/hook", "http://10.1.2.3/",
            "http://172.16.0.1/", "http://192.168.1.10/", "http://169.254.169.254/latest/meta-data", "http://[fe80::1]/",
            "http://[fd00::1]/", "http://0.0.0.0/", "http://100.64.0.1/", "http://[::ffff:127.0.0.1]/"})
    void loopbackLinkLocalAndPrivateAddressesAreRefused(String url) {
        assertThatThrownBy(() -> production.check(url)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not allowed");
    }

    @ParameterizedTest
    @ValueSource(strings = {"ftp://example.com/", "file:///etc/passwd", "https://user:pw@example.com/", "/relative",
            "https://example.com/#fragment", "gopher://example.com/"})
    void onlyAbsoluteHttpUrlsWithoutCredentialsAreAccepted(String url) {
        assertThatThrownBy(() -> OutboundUrls.parse(url)).isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("url");
    }

    @Test
    void publicAddressesAndExplicitlyAllowedPrivateOnesPass() {
        assertThat(production.check("https://93.184.216.34/hooks").getHost()).isEqualTo("93.184.216.34");
        assertThat(production.check("https://[2606:2800:220:1::1]/hooks")).isNotNull();
        assertThat(new OutboundUrls(true).check("http://127.0.0.1:9000/hook")).isNotNull();
    }
}
