package africa.bengobox.auth.oauth.web;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseBody;

/**
 * Every error ends here: a page for browsers, RFC 7807 JSON for everything else. Never a stack trace, and a
 * protocol error shown here is never redirected anywhere.
 */
@Controller
class ErrorPage implements ErrorController {

    @RequestMapping(value = "/error", produces = MediaType.TEXT_HTML_VALUE)
    String page(HttpServletRequest request, Model model) {
        int status = status(request);
        model.addAttribute("status", status);
        OAuth2Error error = (OAuth2Error) request.getAttribute(AuthorizationResponses.ERROR_ATTRIBUTE);
        model.addAttribute("error", error == null ? null : error.getErrorCode());
        model.addAttribute("errorDescription", error == null ? null : error.getDescription());
        return "error";
    }

    @RequestMapping("/error")
    @ResponseBody
    ResponseEntity<Map<String, Object>> problem(HttpServletRequest request) {
        int status = status(request);
        Map<String, Object> body = new LinkedHashMap<>();
        OAuth2Error error = (OAuth2Error) request.getAttribute(AuthorizationResponses.ERROR_ATTRIBUTE);
        if (error != null) {
            body.put("error", error.getErrorCode());
            if (error.getDescription() != null) {
                body.put("error_description", error.getDescription());
            }
        }
        body.put("type", "about:blank");
        HttpStatus resolved = HttpStatus.resolve(status);
        body.put("title", resolved == null ? "Error" : resolved.getReasonPhrase());
        body.put("status", status);
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(body);
    }

    private static int status(HttpServletRequest request) {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        int status = code instanceof Integer i ? i : 500;
        return status == 0 ? 500 : status;
    }
}
