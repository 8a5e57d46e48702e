package africa.bengobox.auth.mail;

import java.util.Locale;
import java.util.Map;

/**
 * An email to render and send: the template {@code templates/mail/<template>.html} and {@code .txt}, its subject
 * {@code mail.<template>.subject} from the message bundles, in the recipient's language.
 */
public record OutgoingMail(String to, Locale locale, String template, Map<String, Object> model) {

    @Override
    public String toString() {
        // the model carries single-use links
        return "OutgoingMail[template=" + template + "]";
    }
}
