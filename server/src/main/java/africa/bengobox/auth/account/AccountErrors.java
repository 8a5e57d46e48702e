package africa.bengobox.auth.account;

import africa.bengobox.auth.identity.LinkToken;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Locale;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;

/** Refused links, abuse limits and forbidden actions of the account pages become pages, never a 500. */
@ControllerAdvice(basePackageClasses = AccountErrors.class)
class AccountErrors {

    @ExceptionHandler(AbuseLimits.LimitExceededException.class)
    String tooMany(AbuseLimits.LimitExceededException e, HttpServletResponse response, Model model) {
        response.setStatus(HttpStatus.TOO_MANY_REQUESTS.value());
        response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(e.retryAfterSeconds()));
        model.addAttribute("status", 429);
        return "error";
    }

    @ExceptionHandler(LinkToken.RefusedException.class)
    String refusedLink(LinkToken.RefusedException e, HttpServletResponse response, Model model) {
        response.setStatus(HttpStatus.BAD_REQUEST.value());
        model.addAttribute("reason", e.refusal().name().toLowerCase(Locale.ROOT).replace('_', '-'));
        return "link-refused";
    }

    @ExceptionHandler(InviteService.InviteRefusedException.class)
    String refusedInvite(InviteService.InviteRefusedException e, HttpServletResponse response, Model model) {
        response.setStatus(HttpStatus.BAD_REQUEST.value());
        model.addAttribute("reason", "invite-" + e.reason().replace('_', '-'));
        return "link-refused";
    }

    @ExceptionHandler(SecurityException.class)
    String forbidden(HttpServletResponse response, Model model) {
        response.setStatus(HttpStatus.FORBIDDEN.value());
        model.addAttribute("status", 403);
        return "error";
    }
}
