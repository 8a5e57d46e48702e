package africa.bengobox.auth.mail;

import java.time.Instant;

/** A rendered message, ready for a transport: plain text and HTML alternatives. */
record RenderedMail(String from, String to, String subject, String text, String html, String template, Instant at) {

    @Override
    public String toString() {
        return "RenderedMail[template=" + template + "]";
    }
}
