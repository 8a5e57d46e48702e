package africa.bengobox.auth.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The firewall's character checks accept exactly what Spring Security's default regular expressions accept. */
class RequestFirewallTest {

    private static final Pattern SPRING_NAMES = Pattern.compile("[\\p{IsAssigned}&&[^\\p{IsControl}]]*");
    private static final Pattern SPRING_HEADER_VALUES = Pattern.compile("[\\p{IsAssigned}&&[[^\\p{IsControl}]||\\t]]*");

    @Test
    void everyCodePointIsJudgedAsSpringJudgesIt() {
        for (int c = 0; c <= Character.MAX_CODE_POINT; c++) {
            String alone = new String(Character.toChars(c));
            String inText = "a" + alone + "b";
            for (String value : new String[] {alone, inText}) {
                assertThat(RequestFirewall.isName(value)).as("name U+%04X", c).isEqualTo(SPRING_NAMES.matcher(value).matches());
                assertThat(RequestFirewall.isHeaderValue(value)).as("header value U+%04X", c)
                        .isEqualTo(SPRING_HEADER_VALUES.matcher(value).matches());
            }
        }
    }

    @Test
    void unpairedSurrogatesAndEmptyStringsAsSpring() {
        for (String value : new String[] {"", "\uD800", "x\uDC00", "\uDBFF\uDFFF", "\uD83D\uDE00", "tab\there", "line\nbreak"}) {
            assertThat(RequestFirewall.isName(value)).as(value).isEqualTo(SPRING_NAMES.matcher(value).matches());
            assertThat(RequestFirewall.isHeaderValue(value)).as(value).isEqualTo(SPRING_HEADER_VALUES.matcher(value).matches());
        }
    }
}
