package africa.bengobox.auth.mail;

import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;

/**
 * The development mailbox of the embedded mode without SMTP: the last {@value #CAPACITY} messages, in memory, shown
 * at {@code /dev/mailbox} so that every flow that sends mail can be tried locally.
 */
final class DevMailbox implements MailTransport {

    static final int CAPACITY = 50;

    private final Deque<RenderedMail> messages = new ConcurrentLinkedDeque<>();

    @Override
    public void deliver(RenderedMail mail) {
        messages.addFirst(mail);
        while (messages.size() > CAPACITY) {
            messages.pollLast();
        }
    }

    /** Newest first. */
    List<RenderedMail> messages() {
        return new ArrayList<>(messages);
    }

    @Override
    public String name() {
        return "dev-mailbox";
    }
}
