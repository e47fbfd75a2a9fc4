package dev.camroll.support.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.camroll.consent.ConsentService;
import dev.camroll.consent.ConsentViews.Decision;
import dev.camroll.consent.Purpose;
import dev.camroll.identity.Subject;
import dev.camroll.identity.UserAccounts;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.PostMapping;

/**
 * Withdrawing a purpose on the user's behalf, in two steps: the revoke form on the user page leads to a page that
 * restates what will happen; only its confirming POST withdraws (actor SUPPORT, the staff id, the reason). There is
 * no way here, or anywhere in the console, to give consent.
 */
@Controller
class RevocationController {

    /** What the revoke form and the confirmation page post: whose purpose, which, and why. */
    record Revocation(String userId, String purpose, String reason) {

        Revocation {
            userId = userId == null ? "" : userId.strip();
            purpose = purpose == null ? "" : purpose.strip();
            reason = reason == null ? "" : reason.strip();
        }

        Optional<Purpose> purposeToWithdraw() {
            return Purpose.fromSlug(purpose);
        }

        /** The purposes that go with this one (they require it), for the confirmation page. */
        public List<String> dependants() {
            return purposeToWithdraw()
                    .map(p -> p.dependants().stream().map(Purpose::slug).toList())
                    .orElse(List.of());
        }

        Map<String, String> errors() {
            Map<String, String> errors = new LinkedHashMap<>();
            if (userId.isEmpty()
                    || userId.length() > UserLookUpController.MAX_USER_ID_LENGTH
                    || purposeToWithdraw().isEmpty()) {
                errors.put("form", "This revoke form names no valid user and purpose; look the user up again.");
            }
            if (!AccessReasons.isValid(reason)) {
                errors.put(
                        "reason",
                        "Say why you withdraw on the user's behalf, in " + AccessReasons.MIN_LENGTH + " to "
                                + AccessReasons.MAX_LENGTH + " characters, e.g. 'TICKET-4711 user asked by phone'.");
            }
            return errors;
        }
    }

    private final StaffAccesses accesses;

    private final UserAccounts accounts;

    private final ConsentService consent;

    private final UserOverviews overviews;

    RevocationController(
            StaffAccesses accesses, UserAccounts accounts, ConsentService consent, UserOverviews overviews) {
        this.accesses = accesses;
        this.accounts = accounts;
        this.consent = consent;
        this.overviews = overviews;
    }

    /** The confirmation step: restates what the form asks for; reads and changes nothing. */
    @PostMapping("/support/revocations/confirm")
    String confirm(Revocation revocation, HttpServletResponse response, Model model) {
        Map<String, String> errors = revocation.errors();
        if (!errors.isEmpty()) {
            response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
        }
        model.addAttribute("revocation", revocation);
        model.addAttribute("errors", errors);
        return "support/confirm-revoke";
    }

    /** The confirmed revoke: logged as an access, then the same rules as the support API's revoke. */
    @PostMapping("/support/revocations")
    String revoke(
            Revocation revocation,
            Authentication authentication,
            HttpServletRequest request,
            HttpServletResponse response,
            Model model) {
        Map<String, String> errors = revocation.errors();
        if (!errors.isEmpty()) {
            return confirm(revocation, response, model);
        }
        Staff staff = Staff.of(authentication);
        accesses.record(staff.id(), revocation.userId(), revocation.reason(), request);
        if (accounts.find(Subject.of(revocation.userId())).isEmpty()) {
            response.setStatus(HttpServletResponse.SC_NOT_FOUND);
            model.addAttribute("lookUp", new UserLookUpController.LookUp(revocation.userId(), null));
            model.addAttribute("errors", Map.of("userId", UserLookUpController.unknown(revocation.userId())));
            return "support/look-up";
        }
        Decision decision = consent.revokeOnBehalf(
                Subject.of(revocation.userId()),
                revocation.purposeToWithdraw().orElseThrow(),
                staff.id(),
                revocation.reason());
        model.addAttribute("revoked", decision);
        model.addAttribute("user", overviews.of(revocation.userId()));
        return "support/user";
    }
}
