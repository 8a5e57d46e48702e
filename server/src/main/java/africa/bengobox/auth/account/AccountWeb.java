package africa.bengobox.auth.account;

import africa.bengobox.auth.config.AuthProperties;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Locale;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Component;
import org.springframework.web.util.UriComponentsBuilder;

/** What the account pages share: absolute links for emails, the caller's address and language. */
@Component
class AccountWeb {

    private final String issuer;

    AccountWeb(AuthProperties properties) {
        this.issuer = properties.issuer();
    }

    /** An absolute link under the issuer, with the token as its query parameter. */
    String link(String path, String token) {
        return UriComponentsBuilder.fromUriString(issuer + path).queryParam("token", token).build().toUriString();
    }

    static String ip(HttpServletRequest request) {
        return request.getRemoteAddr();
    }

    static Locale locale() {
        return LocaleContextHolder.getLocale();
    }

    /** A form field without surrounding blanks, or null when blank (the service then names the missing field). */
    static String field(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
