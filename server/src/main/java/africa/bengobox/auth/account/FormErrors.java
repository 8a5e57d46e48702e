package africa.bengobox.auth.account;

import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Component;

/**
 * Puts the services' reasons (English, written for the importer's and the API's users) into the page's language: each
 * known reason has a message key ({@code reason.*}); an unknown one is shown as it is.
 */
@Component
class FormErrors {

    private record Reason(Pattern pattern, String key) {
    }

    private static final List<Reason> REASONS = List.of(
            reason("password must be at least (\\d+) characters", "reason.password.tooShort"),
            reason("password must be at most (\\d+) characters", "reason.password.tooLong"),
            reason("password is one of the most commonly used passwords.*", "reason.password.common"),
            reason("password must not be your username or email address", "reason.password.personal"),
            reason("username must be 3-64 .*", "reason.username.invalid"),
            reason("username is already taken", "reason.username.taken"),
            reason("username or email is already taken", "reason.taken"),
            reason("email is required", "reason.email.required"),
            reason("email is not a valid address", "reason.email.invalid"),
            reason("email is already registered; .*", "reason.email.registered"),
            reason("email is already registered to another account", "reason.email.other"),
            reason("current_password is not right", "reason.currentPassword"),
            reason("current_password is not right, or the deletion is not confirmed", "reason.deleteConfirm"),
            reason("phone_number must be .*", "reason.phone"),
            reason("locale must be .*", "reason.locale"),
            reason("picture_url must be .*", "reason.picture"),
            reason("(?:given_name|family_name|display_name) must be at most (\\d+) characters", "reason.tooLong"),
            reason("roles: .*", "reason.roles"),
            reason("tenant is unknown", "reason.tenant"),
            reason("the last platform administrator cannot delete .*", "reason.lastAdmin"));

    private final MessageSource messages;

    FormErrors(MessageSource messages) {
        this.messages = messages;
    }

    String of(IllegalArgumentException e) {
        String reason = e.getMessage() == null ? "" : e.getMessage();
        Locale locale = LocaleContextHolder.getLocale();
        for (Reason r : REASONS) {
            Matcher m = r.pattern().matcher(reason);
            if (m.matches()) {
                Object[] args = new Object[m.groupCount()];
                for (int i = 0; i < args.length; i++) {
                    args[i] = m.group(i + 1);
                }
                return messages.getMessage(r.key(), args, reason, locale);
            }
        }
        return reason;
    }

    private static Reason reason(String regex, String key) {
        return new Reason(Pattern.compile(regex), key);
    }
}
