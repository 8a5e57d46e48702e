package africa.bengobox.auth.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/** api/openapi.yaml is valid, is what the server serves, and describes exactly the operations the server has. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT, properties = {
        "bengobox.auth.import=src/test/resources/admin-import.yaml",
        "bengobox.auth.events.poll-interval=100ms",
        "bengobox.auth.events.retry-initial-delay=200ms",
        "bengobox.auth.events.retry-max-delay=1s",
        "bengobox.auth.events.request-timeout=1s"})
class OpenApiDocumentTest {

    static final Path FILE = Path.of("..", "api", "openapi.yaml");

    @Value("${bengobox.auth.issuer}") String issuer;
    @Autowired @Qualifier("requestMappingHandlerMapping") RequestMappingHandlerMapping mappings;

    @Test
    void theServedDocumentIsTheFileInTheRepository() throws Exception {
        HttpResponse<byte[]> served = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(issuer + "/admin/openapi.yaml")).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(served.statusCode()).isEqualTo(200);
        assertThat(served.body()).isEqualTo(Files.readAllBytes(FILE));
    }

    @Test
    void theDocumentIsValidOpenApiAndDescribesEveryAdminOperationAndNoOther() {
        SwaggerParseResult parsed = new OpenAPIV3Parser().readLocation(FILE.toString(), null, null);
        assertThat(parsed.getMessages()).isEmpty();

        Set<String> documented = new TreeSet<>();
        parsed.getOpenAPI().getPaths().forEach((path, item) -> item.readOperationsMap().keySet()
                .forEach(method -> documented.add(method.name() + " " + path)));
        Set<String> served = new TreeSet<>();
        mappings.getHandlerMethods().keySet().forEach(info -> info.getPatternValues().stream()
                .filter(p -> p.startsWith("/admin/"))
                .forEach(p -> info.getMethodsCondition().getMethods().forEach(m -> served.add(m.name() + " " + p))));
        assertThat(documented).isEqualTo(served);
    }
}
