package africa.bengobox.auth.config;

import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.security.config.observation.SecurityObservationSettings;

@Configuration(proxyBeanMethods = false)
@EnableScheduling
class InfrastructureConfiguration {

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    /**
     * No Spring Security observations. They wrap every filter, authentication and authorization of every request
     * (6-8% of the token endpoint's CPU in profiles, even with the observations themselves disabled by property,
     * because the wrappers stay) for what {@code http.server.requests} already measures per endpoint.
     */
    @Bean
    SecurityObservationSettings securityObservationSettings() {
        return SecurityObservationSettings.noObservations();
    }
}
