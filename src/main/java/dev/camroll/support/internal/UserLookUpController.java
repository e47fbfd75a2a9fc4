package dev.camroll.support.internal;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.camroll.identity.Subject;
import dev.camroll.identity.UserAccounts;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;

/**
 * Look-up and the user page. The look-up is a POST so the reason stays out of URLs, browser history and proxy
 * logs (docs/decisions/0006); every user page shown is one access written to the access log before it is read.
 */
@Controller
class UserLookUpController {

    static final int MAX_USER_ID_LENGTH = 128;

    /** The look-up form: whom staff look at, and why. */
    record LookUp(String userId, String reason) {

        LookUp {
            userId = userId == null ? "" : userId.strip();
            reason = reason == null ? "" : reason.strip();
        }

        /** Field name to message; empty when the look-up may go ahead. */
        Map<String, String> errors() {
            Map<String, String> errors = new LinkedHashMap<>();
            if (userId.isEmpty() || userId.length() > MAX_USER_ID_LENGTH) {
                errors.put("userId", "Enter the user's id (1 to " + MAX_USER_ID_LENGTH + " characters).");
            }
            if (!AccessReasons.isValid(reason)) {
                errors.put(
                        "reason",
                        "Say why you look, in " + AccessReasons.MIN_LENGTH + " to " + AccessReasons.MAX_LENGTH
                                + " characters, e.g. 'TICKET-4711 uploads stopped'.");
            }
            return errors;
        }
    }

    private final StaffAccesses accesses;

    private final UserAccounts accounts;

    private final UserOverviews overviews;

    UserLookUpController(StaffAccesses accesses, UserAccounts accounts, UserOverviews overviews) {
        this.accesses = accesses;
        this.accounts = accounts;
        this.overviews = overviews;
    }

    @GetMapping({"/support", "/support/"})
    String home(Model model) {
        model.addAttribute("lookUp", new LookUp(null, null));
        model.addAttribute("errors", Map.of());
        return "support/look-up";
    }

    @PostMapping("/support/users")
    String lookUp(
            LookUp lookUp,
            Authentication authentication,
            HttpServletRequest request,
            HttpServletResponse response,
            Model model) {
        Map<String, String> errors = lookUp.errors();
        model.addAttribute("lookUp", lookUp);
        model.addAttribute("errors", errors);
        if (!errors.isEmpty()) {
            // no reason, no data: nothing is read and nothing is logged
            response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
            return "support/look-up";
        }
        accesses.record(Staff.of(authentication).id(), lookUp.userId(), lookUp.reason(), request);
        if (accounts.find(Subject.of(lookUp.userId())).isEmpty()) {
            response.setStatus(HttpServletResponse.SC_NOT_FOUND);
            model.addAttribute("errors", Map.of("userId", unknown(lookUp.userId())));
            return "support/look-up";
        }
        model.addAttribute("user", overviews.of(lookUp.userId()));
        return "support/user";
    }

    static String unknown(String userId) {
        return "No user '" + userId + "' is known to the service.";
    }
}
