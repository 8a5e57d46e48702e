package africa.bengobox.auth.web;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.LocaleResolver;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.servlet.i18n.CookieLocaleResolver;
import org.springframework.web.servlet.i18n.LocaleChangeInterceptor;

/** Pages speak English or Swahili: from {@code ?lang=}, then a cookie, then the browser's Accept-Language. */
@Configuration(proxyBeanMethods = false)
public class WebConfiguration implements WebMvcConfigurer {

    public static final List<Locale> SUPPORTED = List.of(Locale.ENGLISH, Locale.forLanguageTag("sw"));

    @Bean
    LocaleResolver localeResolver() {
        CookieLocaleResolver resolver = new CookieLocaleResolver("BBLANG");
        resolver.setDefaultLocaleFunction(request -> {
            String header = request.getHeader("Accept-Language");
            try {
                Locale best = header == null || header.isBlank() ? null : Locale.lookup(Locale.LanguageRange.parse(header), SUPPORTED);
                return best != null ? best : Locale.ENGLISH;
            } catch (IllegalArgumentException e) {
                return Locale.ENGLISH;
            }
        });
        resolver.setCookieMaxAge(Duration.ofDays(365));
        resolver.setCookieSecure(false);
        return resolver;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        LocaleChangeInterceptor change = new LocaleChangeInterceptor();
        change.setParamName("lang");
        change.setIgnoreInvalidLocale(true);
        registry.addInterceptor(change);
    }

    /** Picks the first supported language of an OIDC {@code ui_locales} value, if any. */
    public static Locale fromUiLocales(String uiLocales) {
        if (uiLocales == null) {
            return null;
        }
        for (String tag : uiLocales.trim().split("\\s+")) {
            Locale wanted = Locale.forLanguageTag(tag);
            for (Locale supported : SUPPORTED) {
                if (supported.getLanguage().equals(wanted.getLanguage())) {
                    return supported;
                }
            }
        }
        return null;
    }
}
