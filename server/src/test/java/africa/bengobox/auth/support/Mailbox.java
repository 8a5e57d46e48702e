package africa.bengobox.auth.support;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.BodyPart;
import jakarta.mail.Message;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;

/** A real SMTP server (GreenMail) on a free port, and the messages it received, parsed as a mail client would. */
public final class Mailbox {

    private static final Pattern LINK = Pattern.compile("https?://[^\\s\"<>]+token=[A-Za-z0-9_-]+");

    private final GreenMail greenMail = new GreenMail(ServerSetupTest.SMTP.dynamicPort());

    /** A received message: headers and both alternatives, decoded. */
    public record Received(String to, String subject, String text, String html) {

        /** The single-use link of the message, from its plain-text part. */
        public String link() {
            Matcher m = LINK.matcher(text);
            if (!m.find()) {
                throw new AssertionError("no link in the message:\n" + text);
            }
            return m.group();
        }
    }

    public Mailbox start() {
        greenMail.start();
        return this;
    }

    public int port() {
        return greenMail.getSmtp().getPort();
    }

    public int count(String address) {
        return (int) Arrays.stream(greenMail.getReceivedMessages()).filter(m -> to(m).equalsIgnoreCase(address)).count();
    }

    /** Waits for the n-th (1-based) message to the address. */
    public Received await(String address, int n) {
        AtomicReference<Received> found = new AtomicReference<>();
        Awaitility.await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(100)).until(() -> {
            List<MimeMessage> messages = Arrays.stream(greenMail.getReceivedMessages())
                    .filter(m -> to(m).equalsIgnoreCase(address)).toList();
            if (messages.size() < n) {
                return false;
            }
            found.set(parse(messages.get(n - 1)));
            return true;
        });
        return found.get();
    }

    private static String to(MimeMessage m) {
        try {
            return m.getRecipients(Message.RecipientType.TO)[0].toString();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static Received parse(MimeMessage m) throws Exception {
        StringBuilder text = new StringBuilder();
        StringBuilder html = new StringBuilder();
        walk(m, text, html);
        return new Received(to(m), m.getSubject(), text.toString(), html.toString());
    }

    private static void walk(Part part, StringBuilder text, StringBuilder html) throws Exception {
        if (part.isMimeType("text/plain")) {
            text.append(part.getContent());
        } else if (part.isMimeType("text/html")) {
            html.append(part.getContent());
        } else if (part.getContent() instanceof Multipart multipart) {
            for (int i = 0; i < multipart.getCount(); i++) {
                BodyPart body = multipart.getBodyPart(i);
                walk(body, text, html);
            }
        }
    }
}
