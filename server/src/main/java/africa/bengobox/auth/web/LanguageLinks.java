package africa.bengobox.auth.web;

import jakarta.servlet.http.HttpServletRequest;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * The language links of every page keep the page's own query (a consent or tenant-picker page cannot be shown
 * again without it) and only set {@code lang}.
 */
@ControllerAdvice
class LanguageLinks {

    @ModelAttribute("languageLinks")
    Map<String, String> languageLinks(HttpServletRequest request) {
        Map<String, String> links = new LinkedHashMap<>();
        for (Locale locale : WebConfiguration.SUPPORTED) {
            UriComponentsBuilder link = UriComponentsBuilder.fromPath(request.getRequestURI());
            if (request.getQueryString() != null && request.getQueryString().length() <= 4096) {
                link.query(request.getQueryString());
            }
            links.put(locale.getLanguage(), link.replaceQueryParam("lang", locale.getLanguage()).build().toUriString());
        }
        return links;
    }
}
