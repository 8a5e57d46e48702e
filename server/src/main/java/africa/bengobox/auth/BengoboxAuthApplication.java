package africa.bengobox.auth;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class BengoboxAuthApplication {

    public static void main(String[] args) {
        SpringApplication.run(BengoboxAuthApplication.class, args);
    }
}
