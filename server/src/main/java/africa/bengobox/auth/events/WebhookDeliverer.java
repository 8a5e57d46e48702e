package africa.bengobox.auth.events;

import africa.bengobox.auth.config.AuthProperties;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.util.function.SingletonSupplier;

/**
 * Each node polls for due deliveries, claims a batch (rows other nodes hold are skipped), and sends them in parallel
 * on virtual threads: POST with the Standard Webhooks headers, a short timeout, no redirects. A 2xx answer delivers;
 * anything else is retried with exponential backoff and jitter until the retry horizon, then the delivery is dead.
 */
@Component
class WebhookDeliverer implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(WebhookDeliverer.class);

    private final OutboxRepository outbox;
    private final WebhookService webhooks;
    private final TransactionTemplate transactions;
    private final EventsProperties properties;
    private final OutboundUrls urls;
    private final Clock clock;
    /** Made on the first delivery: most nodes never send a webhook, and the client's TLS set-up costs the start-up. */
    private final SingletonSupplier<HttpClient> http;
    private final ExecutorService senders = Executors.newVirtualThreadPerTaskExecutor();
    private final MeterRegistry meters;

    WebhookDeliverer(OutboxRepository outbox, WebhookService webhooks, TransactionTemplate transactions,
                     EventsProperties properties, AuthProperties authProperties, Clock clock, MeterRegistry meters) {
        this.meters = meters;
        Gauge.builder("bengobox.webhook.deliveries", outbox, o -> o.countDue(clock.instant())).tag("status", "due")
                .description("pending webhook deliveries due now (the backlog)").register(meters);
        Gauge.builder("bengobox.webhook.deliveries", outbox, OutboxRepository::countDead).tag("status", WebhookDelivery.DEAD)
                .description("webhook deliveries that gave up, kept until the retention ends").register(meters);
        this.outbox = outbox;
        this.webhooks = webhooks;
        this.transactions = transactions;
        this.properties = properties;
        this.urls = new OutboundUrls(WebhookService.allowPrivate(properties, authProperties));
        this.clock = clock;
        this.http = SingletonSupplier.of(() -> HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(properties.requestTimeout())
                .executor(senders)
                .build());
    }

    @Scheduled(fixedDelayString = "${bengobox.auth.events.poll-interval:1s}")
    void poll() {
        if (!properties.delivery()) {
            return;
        }
        List<OutboxRepository.Claim> batch;
        do {
            Instant now = clock.instant();
            batch = transactions.execute(s -> outbox.claimDue(now, now.plus(properties.lease()), properties.batchSize()));
            List<java.util.concurrent.Future<?>> sent = batch.stream().<java.util.concurrent.Future<?>>map(c -> senders.submit(() -> attempt(c))).toList();
            for (var f : sent) {
                try {
                    f.get();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                } catch (java.util.concurrent.ExecutionException e) {
                    log.warn("webhook delivery failed unexpectedly", e.getCause());
                }
            }
        } while (batch.size() == properties.batchSize());
    }

    /** Forgets events past the retention (hourly; on every node, which is harmless). */
    @Scheduled(fixedDelay = 3_600_000, initialDelay = 300_000)
    void prune() {
        int deleted = outbox.deleteDeliveredBefore(clock.instant().minus(properties.retention()));
        if (deleted > 0) {
            log.info("deleted {} events older than {} with their delivery logs", deleted, properties.retention());
        }
    }

    private void attempt(OutboxRepository.Claim claim) {
        Integer status = null;
        String error;
        try {
            URI uri = urls.check(claim.url());
            long timestamp = clock.instant().getEpochSecond();
            String id = claim.eventId().toString();
            HttpRequest request = HttpRequest.newBuilder(uri)
                    .timeout(properties.requestTimeout())
                    .header("content-type", "application/json")
                    .header("user-agent", "BengoBox-Auth-Webhooks/1")
                    .header("webhook-id", id)
                    .header("webhook-timestamp", Long.toString(timestamp))
                    .header("webhook-signature", WebhookSignatures.header(
                            webhooks.signingSecrets(claim.subscriptionId(), clock.instant()), id, timestamp, claim.body()))
                    .POST(HttpRequest.BodyPublishers.ofString(claim.body()))
                    .build();
            HttpResponse<Void> response = http.obtain().send(request, HttpResponse.BodyHandlers.discarding());
            status = response.statusCode();
            error = status / 100 == 2 ? null : "HTTP " + status;
        } catch (IllegalArgumentException e) {
            error = e.getMessage();
        } catch (HttpConnectTimeoutException e) {
            error = "connect timeout";
        } catch (HttpTimeoutException e) {
            error = "timeout";
        } catch (IOException e) {
            error = "connection failed: " + e.getClass().getSimpleName();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        } catch (RuntimeException e) {
            // e.g. a subscription deleted meanwhile: the delivery went with it
            log.debug("webhook delivery {} not attempted", claim.id(), e);
            return;
        }
        Instant now = clock.instant();
        if (error == null) {
            meters.counter("bengobox.webhook.attempts", "outcome", WebhookDelivery.DELIVERED).increment();
            outbox.recordAttempt(claim.id(), claim.attempts(), WebhookDelivery.DELIVERED, now, status, null, now);
            return;
        }
        Instant next = now.plus(backoff(claim.attempts()));
        boolean dead = next.isAfter(claim.eventTime().plus(properties.retryHorizon()));
        if (dead) {
            log.warn("webhook delivery {} of event {} is dead after {} attempts: {}", claim.id(), claim.eventId(), claim.attempts(), error);
        }
        meters.counter("bengobox.webhook.attempts", "outcome", dead ? WebhookDelivery.DEAD : "failed").increment();
        outbox.recordAttempt(claim.id(), claim.attempts(), dead ? WebhookDelivery.DEAD : WebhookDelivery.PENDING,
                dead ? now : next, status, error, now);
    }

    /** Initial delay doubled per attempt, at most the maximum, then "equal jitter": between half of it and all of it. */
    Duration backoff(int attempts) {
        long initial = properties.retryInitialDelay().toMillis();
        long max = properties.retryMaxDelay().toMillis();
        long delay = attempts >= 40 ? max : Math.min(max, initial << Math.max(0, attempts - 1));
        long half = delay / 2;
        return Duration.ofMillis(half + ThreadLocalRandom.current().nextLong(delay - half + 1));
    }

    @Override
    public void destroy() {
        senders.shutdownNow();
    }
}
