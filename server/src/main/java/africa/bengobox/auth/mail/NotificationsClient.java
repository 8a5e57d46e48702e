package africa.bengobox.auth.mail;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * The outbound connector to the BengoBox notifications service: {@code POST <url>/v1/messages} with a JSON message
 * ({@code channel} {@code email} or {@code sms}), bearer-token authentication, connect and request timeouts, and
 * retries with doubling back-off on connection failures, 429 and 5xx answers. docs/integration.md describes the body.
 */
@Component
public class NotificationsClient {

    private static final Logger log = LoggerFactory.getLogger(NotificationsClient.class);

    private final NotificationsProperties properties;
    /** Only when the service is configured: a client sets up TLS (the trust store), which costs the start-up 50 ms. */
    private final HttpClient http;
    private final JsonMapper json = JsonMapper.builder().build();

    NotificationsClient(NotificationsProperties properties) {
        this.properties = properties;
        this.http = properties.enabled() ? HttpClient.newBuilder().connectTimeout(properties.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER).build() : null;
    }

    public boolean enabled() {
        return properties.enabled();
    }

    /** Sends a text message to a phone number (E.164). */
    public void sendSms(String phoneNumber, String text) throws IOException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("channel", "sms");
        body.put("to", phoneNumber);
        body.put("text", text);
        post(body);
    }

    void sendEmail(RenderedMail mail) throws IOException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("channel", "email");
        body.put("from", mail.from());
        body.put("to", mail.to());
        body.put("subject", mail.subject());
        body.put("text", mail.text());
        body.put("html", mail.html());
        body.put("template", mail.template());
        post(body);
    }

    private void post(Map<String, Object> body) throws IOException {
        if (!enabled()) {
            throw new IllegalStateException("bengobox.auth.notifications.url is not set");
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(properties.url().replaceAll("/+$", "") + "/v1/messages"))
                .timeout(properties.requestTimeout())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body)));
        if (properties.token() != null && !properties.token().isBlank()) {
            request.header("Authorization", "Bearer " + properties.token());
        }
        long backoff = 200;
        for (int attempt = 0; ; attempt++) {
            boolean last = attempt >= properties.retries();
            try {
                HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
                int status = response.statusCode();
                if (status / 100 == 2) {
                    return;
                }
                if (last || (status != 429 && status < 500)) {
                    throw new Refused(status);
                }
                log.warn("Notifications service answered {}; retrying", status);
            } catch (Refused e) {
                throw e;
            } catch (IOException e) {
                if (last) {
                    throw e;
                }
                log.warn("Notifications service unreachable ({}); retrying", e.getClass().getSimpleName());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            }
            sleep(backoff);
            backoff *= 2;
        }
    }

    /** An answer that retrying will not change. */
    static final class Refused extends IOException {
        Refused(int status) {
            super("notifications service answered " + status);
        }
    }

    private static void sleep(long millis) throws IOException {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }
}
