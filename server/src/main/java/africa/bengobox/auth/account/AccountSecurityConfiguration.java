package africa.bengobox.auth.account;

import africa.bengobox.auth.web.SecurityHeaders;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;

/**
 * The account pages anyone may open: registration, password reset, magic links, invitations, the email-change
 * link and the development mailbox. Same session, CSRF protection and headers as the other pages; the pages under
 * {@code /account} stay behind sign-in in the pages chain.
 */
@Configuration(proxyBeanMethods = false)
class AccountSecurityConfiguration {

    static final String[] PUBLIC_PAGES = {"/register", "/register/**", "/password/**", "/login/magic", "/login/magic/**",
            "/invite", "/invite/**", "/email/verify", "/dev/mailbox"};

    @Bean
    @Order(1)
    SecurityFilterChain publicAccountPages(HttpSecurity http) throws Exception {
        http.securityMatcher(PUBLIC_PAGES)
                .authorizeHttpRequests(a -> a.anyRequest().permitAll())
                .headers(SecurityHeaders.all());
        return http.build();
    }
}
