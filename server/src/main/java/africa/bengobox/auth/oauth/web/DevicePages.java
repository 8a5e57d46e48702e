package africa.bengobox.auth.oauth.web;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * Where a user types the code their TV, kiosk or POS device shows (RFC 8628 3.3). Spring's verification endpoint
 * takes over once a {@code user_code} is submitted.
 */
@Controller
class DevicePages {

    @GetMapping("/device")
    String enterCode(@RequestParam(name = "error", required = false) String error, Model model) {
        model.addAttribute("error", "invalid_code".equals(error) ? error : null);
        model.addAttribute("userCode", null);
        return "device";
    }

    @GetMapping("/device/done")
    String done(@RequestParam(name = "approved", required = false) String approved, Model model) {
        model.addAttribute("approved", approved != null);
        return "device-done";
    }
}
