package africa.bengobox.auth.support;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * A real HTTP webhook receiver on a loopback port. It verifies Standard Webhooks signatures exactly as docs/events.md
 * tells receivers to, records every request, and answers with scripted behaviour (status codes, delays).
 */
public final class WebhookReceiver implements AutoCloseable {

    public record Received(String id, long timestamp, String signature, String body, boolean validSignature, int answered) {
        public Map<String, Object> json() {
            return JSON.readValue(body, new TypeReference<Map<String, Object>>() { });
        }

        public String type() {
            return (String) json().get("type");
        }

        @SuppressWarnings("unchecked")
        public Map<String, Object> data() {
            return (Map<String, Object>) json().get("data");
        }
    }

    /** What to do with one request: wait this long, then answer with this status. */
    public record Behaviour(long delayMillis, int status) {
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final ConcurrentLinkedQueue<Behaviour> script = new ConcurrentLinkedQueue<>();
    private final List<String> secrets = new CopyOnWriteArrayList<>();

    public WebhookReceiver() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 50);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            Behaviour behaviour = script.poll();
            int status = behaviour == null ? 204 : behaviour.status();
            String id = exchange.getRequestHeaders().getFirst("webhook-id");
            String ts = exchange.getRequestHeaders().getFirst("webhook-timestamp");
            String signature = exchange.getRequestHeaders().getFirst("webhook-signature");
            received.add(new Received(id, ts == null ? -1 : Long.parseLong(ts), signature, body,
                    verifies(id, ts, body, signature), status));
            if (behaviour != null && behaviour.delayMillis() > 0) {
                try {
                    Thread.sleep(behaviour.delayMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            if (status == 302) {
                exchange.getResponseHeaders().add("Location", url() + "redirected");
            }
            try {
                exchange.sendResponseHeaders(status, -1);
            } catch (IOException e) {
                // the server gave up waiting (timeout)
            }
            exchange.close();
        });
        server.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/";
    }

    /** The secret(s) (whsec_...) signatures are checked against; a request is valid if any one verifies. */
    public void trust(String secret) {
        secrets.add(secret);
    }

    public void script(Behaviour... behaviours) {
        script.addAll(List.of(behaviours));
    }

    public List<Received> received() {
        return new ArrayList<>(received);
    }

    public List<Received> ofType(String type) {
        return received.stream().filter(r -> type.equals(r.type())).toList();
    }

    /**
     * The verification docs/events.md describes: HMAC-SHA256 keyed with the base64-decoded part of the secret after
     * "whsec_", over id + "." + timestamp + "." + body; compare with each "v1,<base64>" of the header in constant time.
     */
    private boolean verifies(String id, String timestamp, String body, String header) {
        if (id == null || timestamp == null || header == null) {
            return false;
        }
        for (String secret : secrets) {
            byte[] key = Base64.getDecoder().decode(secret.substring("whsec_".length()));
            byte[] expected;
            try {
                Mac mac = Mac.getInstance("HmacSHA256");
                mac.init(new SecretKeySpec(key, "HmacSHA256"));
                expected = mac.doFinal((id + "." + timestamp + "." + body).getBytes(StandardCharsets.UTF_8));
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
            for (String part : header.split(" ")) {
                if (part.startsWith("v1,") && MessageDigest.isEqual(expected, Base64.getDecoder().decode(part.substring(3)))) {
                    return true;
                }
            }
        }
        return false;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
