package africa.bengobox.auth.importer;

import africa.bengobox.auth.config.AuthProperties;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/** Applies {@code bengobox.auth.import} at every start, before the server reports itself ready. */
@Component
@Order(1)
class ImportRunner implements ApplicationRunner {

    private final AuthProperties properties;
    private final ImportService importService;

    ImportRunner(AuthProperties properties, ImportService importService) {
        this.properties = properties;
        this.importService = importService;
    }

    @Override
    public void run(ApplicationArguments args) {
        if (properties.importFile() != null) {
            importService.apply(properties.importFile());
        }
    }
}
