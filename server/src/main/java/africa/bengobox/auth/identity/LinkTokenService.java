package africa.bengobox.auth.identity;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.UUID;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Single-use, expiring links sent by email. The token (256 random bits) goes into the link; only its SHA-256 is
 * stored. A link may be bound to a browser: then the SHA-256 of a value the browser holds in a cookie is stored with
 * it, and the link works only when that browser presents the value.
 */
@Service
public class LinkTokenService {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final LinkTokenRepository tokens;
    private final Clock clock;

    LinkTokenService(LinkTokenRepository tokens, Clock clock) {
        this.tokens = tokens;
        this.clock = clock;
    }

    /** Issues a link token, retiring the user's earlier unused ones of the same purpose. Returns the raw token. */
    @Transactional
    public String issue(LinkToken.Purpose purpose, UUID userId, String email, String browserBinding, Duration ttl) {
        Instant now = clock.instant();
        tokens.retireOthers(userId, purpose, now);
        String token = randomToken();
        tokens.insert(hash(token), purpose, userId, email, browserBinding == null ? null : hash(browserBinding), now, now.plus(ttl));
        return token;
    }

    /**
     * Checks the link without using it up (to show the form that completes it).
     *
     * @throws LinkToken.RefusedException when it is unknown, used, expired or of another purpose
     */
    @Transactional(readOnly = true)
    public LinkToken peek(LinkToken.Purpose purpose, String token) {
        LinkTokenRepository.Row row = valid(purpose, token, null);
        return new LinkToken(row.purpose(), row.userId(), row.email());
    }

    /**
     * Uses the link up. Joins the caller's transaction, so that the link stays usable if the change it stands for fails.
     *
     * @param browserBinding the cookie value of the browser that opened the link, for bound links
     * @throws LinkToken.RefusedException when it is unknown, used, expired, of another purpose or opened elsewhere
     */
    @Transactional
    public LinkToken consume(LinkToken.Purpose purpose, String token, String browserBinding) {
        LinkTokenRepository.Row row = valid(purpose, token, browserBinding);
        if (!tokens.markUsed(row.tokenHash(), clock.instant())) {
            throw new LinkToken.RefusedException(LinkToken.Refusal.USED);
        }
        return new LinkToken(row.purpose(), row.userId(), row.email());
    }

    private LinkTokenRepository.Row valid(LinkToken.Purpose purpose, String token, String browserBinding) {
        if (token == null || token.isBlank() || token.length() > 100) {
            throw new LinkToken.RefusedException(LinkToken.Refusal.UNKNOWN);
        }
        LinkTokenRepository.Row row = tokens.find(hash(token)).filter(r -> r.purpose() == purpose)
                .orElseThrow(() -> new LinkToken.RefusedException(LinkToken.Refusal.UNKNOWN));
        if (row.usedAt() != null) {
            throw new LinkToken.RefusedException(LinkToken.Refusal.USED);
        }
        if (!row.expiresAt().isAfter(clock.instant())) {
            throw new LinkToken.RefusedException(LinkToken.Refusal.EXPIRED);
        }
        if (row.bindingHash() != null && browserBinding != null
                && !MessageDigest.isEqual(row.bindingHash().getBytes(StandardCharsets.US_ASCII),
                        hash(browserBinding).getBytes(StandardCharsets.US_ASCII))) {
            throw new LinkToken.RefusedException(LinkToken.Refusal.OTHER_BROWSER);
        }
        if (row.bindingHash() != null && browserBinding == null && purpose == LinkToken.Purpose.MAGIC_LINK) {
            throw new LinkToken.RefusedException(LinkToken.Refusal.OTHER_BROWSER);
        }
        return row;
    }

    @Scheduled(fixedDelay = 3_600_000, initialDelay = 120_000)
    @Transactional
    public void deleteExpired() {
        tokens.deleteExpired(clock.instant().minus(Duration.ofDays(1)));
    }

    /** 256 random bits, base64url: for link tokens and browser-binding cookies. */
    public static String randomToken() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** Hex SHA-256 of the UTF-8 text. */
    public static String sha256(String value) {
        return hash(value);
    }

    static String hash(String value) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
