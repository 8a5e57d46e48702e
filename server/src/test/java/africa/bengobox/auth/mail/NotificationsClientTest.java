package africa.bengobox.auth.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The notifications connector against a stand-in service: body, credentials, retries and their limits. */
class NotificationsClientTest {

    HttpServer server;
    final List<String> bodies = new CopyOnWriteArrayList<>();
    final List<String> authorizations = new CopyOnWriteArrayList<>();

    /** Answers the given statuses in turn, then 202. */
    String serve(int... statuses) throws IOException {
        AtomicInteger call = new AtomicInteger();
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/v1/messages", exchange -> {
            bodies.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            authorizations.add(exchange.getRequestHeaders().getFirst("Authorization"));
            int n = call.getAndIncrement();
            exchange.sendResponseHeaders(n < statuses.length ? statuses[n] : 202, -1);
            exchange.close();
        });
        server.start();
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/";
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    NotificationsClient client(String url, int retries) {
        return new NotificationsClient(new NotificationsProperties(url, "s3cret-token", Duration.ofSeconds(1),
                Duration.ofSeconds(2), retries));
    }

    @Test
    void emailIsPostedWithTheBearerTokenAndRetriedAfterA5xx() throws Exception {
        NotificationsClient client = client(serve(503), 2);
        client.sendEmail(new RenderedMail("BengoBox <no-reply@example.com>", "amina@example.com", "Subject", "text body",
                "<p>html body</p>", "password-reset", Instant.now()));
        assertThat(bodies).hasSize(2);
        assertThat(authorizations).containsOnly("Bearer s3cret-token");
        JsonNode body = JsonMapper.builder().build().readTree(bodies.getLast());
        assertThat(body.get("channel").asString()).isEqualTo("email");
        assertThat(body.get("to").asString()).isEqualTo("amina@example.com");
        assertThat(body.get("text").asString()).isEqualTo("text body");
        assertThat(body.get("html").asString()).isEqualTo("<p>html body</p>");
    }

    @Test
    void smsIsPostedAndA4xxIsNotRetried() throws Exception {
        NotificationsClient client = client(serve(400), 3);
        assertThatThrownBy(() -> client.sendSms("+254712345678", "Your code is 123456")).hasMessageContaining("400");
        assertThat(bodies).hasSize(1);
        assertThat(bodies.getFirst()).contains("\"channel\":\"sms\"").contains("+254712345678");
    }

    @Test
    void retriesStopAtTheConfiguredNumber() throws Exception {
        NotificationsClient client = client(serve(500, 500, 500, 500), 2);
        assertThatThrownBy(() -> client.sendSms("+254712345678", "hello")).hasMessageContaining("500");
        assertThat(bodies).as("one attempt and two retries").hasSize(3);
    }

    @Test
    void anUnreachableServiceFailsAfterTheRetries() {
        NotificationsClient client = client("http://127.0.0.1:9/", 1);
        assertThatThrownBy(() -> client.sendSms("+254712345678", "hello")).isInstanceOf(IOException.class);
    }
}
