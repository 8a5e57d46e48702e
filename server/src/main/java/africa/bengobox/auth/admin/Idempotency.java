package africa.bengobox.auth.admin;

import africa.bengobox.auth.keys.MasterKey;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Optional;
import java.util.function.Supplier;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code Idempotency-Key} on creates: the create and the record of its answer commit together, so a retried request
 * (same caller, same key, same body) gets the first answer again and creates nothing; the same key with another body
 * is refused (422). Keys are kept for {@link #RETENTION}. Stored answers are encrypted with the master key: the
 * answer to a webhook subscription holds its signing secret.
 */
@Component
class Idempotency {

    static final Duration RETENTION = Duration.ofHours(24);
    static final JsonMapper JSON = JsonMapper.builder().build();

    private final IdempotencyRepository keys;
    private final TransactionTemplate transactions;
    private final MasterKey masterKey;
    private final Clock clock;

    Idempotency(IdempotencyRepository keys, TransactionTemplate transactions, MasterKey masterKey, Clock clock) {
        this.keys = keys;
        this.transactions = transactions;
        this.masterKey = masterKey;
        this.clock = clock;
    }

    /** Runs the create (in a transaction) unless the key already holds the answer. */
    ResponseEntity<String> create(AdminCaller caller, String key, Object requestBody, Supplier<ResponseEntity<?>> create) {
        if (key == null) {
            return asJson(transactions.execute(s -> create.get()));
        }
        if (key.isBlank() || key.length() > 200) {
            throw new IllegalArgumentException("Idempotency-Key must be 1-200 characters");
        }
        String hash = sha256(JSON.writeValueAsString(requestBody));
        Optional<ResponseEntity<String>> earlier = replay(caller, key, hash);
        if (earlier.isPresent()) {
            return earlier.get();
        }
        try {
            return transactions.execute(s -> {
                ResponseEntity<String> response = asJson(create.get());
                keys.insert(caller.subject(), key, new IdempotencyRepository.Stored(hash, response.getStatusCode().value(),
                        response.getHeaders().getFirst(HttpHeaders.LOCATION), response.getHeaders().getETag(),
                        masterKey.encrypt(response.getBody().getBytes(StandardCharsets.UTF_8), associatedData(caller, key))),
                        clock.instant());
                return response;
            });
        } catch (DuplicateKeyException e) {
            // a concurrent request with the same key won; it committed, so its answer is there now
            return replay(caller, key, hash).orElseThrow(() -> e);
        }
    }

    private Optional<ResponseEntity<String>> replay(AdminCaller caller, String key, String hash) {
        return keys.find(caller.subject(), key).map(stored -> {
            if (!stored.requestHash().equals(hash)) {
                throw new AdminProblems.KeyReused();
            }
            ResponseEntity.BodyBuilder builder = ResponseEntity.status(stored.status()).contentType(MediaType.APPLICATION_JSON)
                    .header("Idempotent-Replayed", "true");
            if (stored.location() != null) {
                builder.header(HttpHeaders.LOCATION, stored.location());
            }
            if (stored.etag() != null) {
                builder.eTag(stored.etag());
            }
            return builder.body(new String(masterKey.decrypt(stored.body(), associatedData(caller, key)), StandardCharsets.UTF_8));
        });
    }

    private static String associatedData(AdminCaller caller, String key) {
        return "idempotency:" + caller.subject() + ":" + key;
    }

    private static ResponseEntity<String> asJson(ResponseEntity<?> response) {
        return ResponseEntity.status(response.getStatusCode()).headers(response.getHeaders()).contentType(MediaType.APPLICATION_JSON)
                .body(JSON.writeValueAsString(response.getBody()));
    }

    @Scheduled(fixedDelay = 3_600_000, initialDelay = 60_000)
    void forgetOldKeys() {
        keys.deleteBefore(clock.instant().minus(RETENTION));
    }

    private static String sha256(String value) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
