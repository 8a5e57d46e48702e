package africa.bengobox.auth.admin;

import java.io.IOException;
import java.io.InputStream;
import org.springframework.core.io.ClassPathResource;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** Serves api/openapi.yaml (copied into the application at build time) as the admin API's description. */
@RestController
class OpenApiDocument {

    private final byte[] document;

    OpenApiDocument() throws IOException {
        try (InputStream in = new ClassPathResource("api/openapi.yaml").getInputStream()) {
            document = in.readAllBytes();
        }
    }

    @GetMapping(path = "/admin/openapi.yaml", produces = "application/yaml")
    ResponseEntity<byte[]> get() {
        return ResponseEntity.ok(document);
    }
}
