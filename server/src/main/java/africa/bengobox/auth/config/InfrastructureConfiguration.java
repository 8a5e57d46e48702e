package africa.bengobox.auth.config;

import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class InfrastructureConfiguration {

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}
