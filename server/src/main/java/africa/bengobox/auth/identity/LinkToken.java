package africa.bengobox.auth.identity;

import java.util.UUID;

/**
 * What a valid single-use link stood for, once consumed.
 *
 * @param email the new address, for a change of email address; otherwise null
 */
public record LinkToken(Purpose purpose, UUID userId, String email) {

    public enum Purpose { EMAIL_VERIFICATION, PASSWORD_RESET, MAGIC_LINK, EMAIL_CHANGE }

    /** Why a link was refused. */
    public enum Refusal { UNKNOWN, USED, EXPIRED, OTHER_BROWSER }

    /** A link that cannot be used; {@link #refusal} says why, for the page the person sees. */
    public static class RefusedException extends RuntimeException {

        private final Refusal refusal;

        public RefusedException(Refusal refusal) {
            super("link refused: " + refusal.name().toLowerCase(java.util.Locale.ROOT));
            this.refusal = refusal;
        }

        public Refusal refusal() {
            return refusal;
        }
    }
}
