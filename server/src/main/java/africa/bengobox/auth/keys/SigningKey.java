package africa.bengobox.auth.keys;

import java.time.Instant;

/** A stored signing key: the public half as JWK JSON, the private half as JWK JSON encrypted with the master key. */
record SigningKey(String kid, String algorithm, Status status, String publicJwk, String privateKeyEnc,
                  Instant createdAt, Instant retiredAt, Instant verifyUntil) {

    enum Status { ACTIVE, RETIRED }

    boolean verifiesAt(Instant now) {
        return verifyUntil == null || verifyUntil.isAfter(now);
    }
}
