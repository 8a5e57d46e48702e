package africa.bengobox.auth.mail;

import africa.bengobox.auth.config.AuthProperties;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.MessageSource;
import org.springframework.core.env.Environment;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.thymeleaf.context.Context;
import org.thymeleaf.spring6.SpringTemplateEngine;
import org.thymeleaf.templatemode.TemplateMode;
import org.thymeleaf.templateresolver.ClassLoaderTemplateResolver;

/**
 * Renders localised emails (HTML and plain text) and hands them to the configured transport. Sending happens after
 * the caller's transaction commits and off the request thread: no mail for a change that rolled back, and a request
 * takes as long whether or not it sends mail (a reset request for an unknown address looks like any other).
 */
@Service
public class MailService {

    private static final Logger log = LoggerFactory.getLogger(MailService.class);

    private final MailProperties properties;
    private final MessageSource messages;
    private final SpringTemplateEngine engine;
    private final MailTransport transport;
    private final DevMailbox devMailbox;
    private final Clock clock;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();

    MailService(MailProperties properties, AuthProperties auth, Environment environment, MessageSource messages,
                ObjectProvider<JavaMailSender> smtp, NotificationsClient notifications, Clock clock) {
        this.properties = properties;
        this.messages = messages;
        this.clock = clock;
        this.engine = engine(messages);
        MailProperties.Transport chosen = properties.transport();
        if (chosen == MailProperties.Transport.AUTO) {
            chosen = notifications.enabled() ? MailProperties.Transport.NOTIFICATIONS
                    : environment.containsProperty("spring.mail.host") ? MailProperties.Transport.SMTP
                    : auth.production() ? null : MailProperties.Transport.DEV_MAILBOX;
        }
        this.devMailbox = chosen == MailProperties.Transport.DEV_MAILBOX ? new DevMailbox() : null;
        this.transport = chosen == null ? null : switch (chosen) {
            case SMTP -> new SmtpTransport(smtp.getIfAvailable(() -> {
                throw new IllegalStateException("bengobox.auth.mail.transport=smtp needs spring.mail.host");
            }));
            case NOTIFICATIONS -> new MailTransport() {
                @Override
                public void deliver(RenderedMail mail) throws Exception {
                    notifications.sendEmail(mail);
                }

                @Override
                public String name() {
                    return "notifications";
                }
            };
            case DEV_MAILBOX -> devMailbox;
            case AUTO -> throw new IllegalStateException("unreachable");
        };
        if (transport == null) {
            log.warn("No way to send email is configured (spring.mail.host or bengobox.auth.notifications.url): "
                    + "verification, reset, magic-link and invitation emails will not be sent");
        } else {
            log.info("Email goes through {}", transport.name());
        }
    }

    /** Renders the message now and sends it once the current transaction (if any) has committed. */
    public void send(OutgoingMail mail) {
        RenderedMail rendered = render(mail);
        Runnable deliver = () -> executor.execute(() -> deliver(rendered));
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    deliver.run();
                }
            });
        } else {
            deliver.run();
        }
    }

    /** Whether the development mailbox page is on (embedded mode without another transport). */
    boolean devMailboxEnabled() {
        return devMailbox != null;
    }

    List<RenderedMail> devMailboxMessages() {
        return devMailbox == null ? List.of() : devMailbox.messages();
    }

    RenderedMail render(OutgoingMail mail) {
        Locale locale = mail.locale() == null ? Locale.ENGLISH : mail.locale();
        Context context = new Context(locale, mail.model());
        String html = engine.process("mail/" + mail.template() + ".html", context);
        String text = engine.process("mail/" + mail.template() + ".txt", context);
        String subject = messages.getMessage("mail." + mail.template() + ".subject", null, locale);
        return new RenderedMail(properties.from(), mail.to(), subject, text, html, mail.template(), clock.instant());
    }

    private void deliver(RenderedMail mail) {
        if (transport == null) {
            log.warn("Email '{}' not sent: no transport is configured", mail.template());
            return;
        }
        try {
            transport.deliver(mail);
        } catch (Exception e) {
            log.error("Email '{}' could not be sent through {}: {}", mail.template(), transport.name(), e.toString());
        }
    }

    private static SpringTemplateEngine engine(MessageSource messages) {
        SpringTemplateEngine engine = new SpringTemplateEngine();
        engine.addTemplateResolver(resolver(TemplateMode.HTML, ".html", 1));
        engine.addTemplateResolver(resolver(TemplateMode.TEXT, ".txt", 2));
        engine.setTemplateEngineMessageSource(messages);
        return engine;
    }

    private static ClassLoaderTemplateResolver resolver(TemplateMode mode, String suffix, int order) {
        ClassLoaderTemplateResolver resolver = new ClassLoaderTemplateResolver();
        resolver.setPrefix("templates/");
        resolver.setTemplateMode(mode);
        resolver.setCharacterEncoding("UTF-8");
        resolver.setCheckExistence(true);
        resolver.setResolvablePatterns(java.util.Set.of("*" + suffix));
        resolver.setOrder(order);
        return resolver;
    }
}
