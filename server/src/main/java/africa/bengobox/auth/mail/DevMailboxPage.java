package africa.bengobox.auth.mail;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.server.ResponseStatusException;

/** {@code /dev/mailbox}: the messages the embedded mode would have sent, with their links. 404 in any other mode. */
@Controller
class DevMailboxPage {

    private static final Pattern LINK = Pattern.compile("https?://\\S+");

    record MessageView(String to, String subject, String at, String text, List<String> links) {
    }

    private final MailService mail;

    DevMailboxPage(MailService mail) {
        this.mail = mail;
    }

    @GetMapping("/dev/mailbox")
    String mailbox(Model model) {
        if (!mail.devMailboxEnabled()) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND);
        }
        model.addAttribute("messages", mail.devMailboxMessages().stream().map(m -> {
            Matcher links = LINK.matcher(m.text());
            List<String> found = new java.util.ArrayList<>();
            while (links.find()) {
                found.add(links.group());
            }
            return new MessageView(m.to(), m.subject(), m.at().toString(), m.text(), found);
        }).toList());
        return "dev-mailbox";
    }
}
