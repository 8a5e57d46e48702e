package africa.bengobox.auth.mail;

/** Where rendered messages go: SMTP, the notifications service or the development mailbox. */
interface MailTransport {

    void deliver(RenderedMail mail) throws Exception;

    String name();
}
