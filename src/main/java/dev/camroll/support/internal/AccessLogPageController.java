package dev.camroll.support.internal;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.camroll.api.Page;
import dev.camroll.api.PageQuery;
import dev.camroll.consent.AccessLog;
import dev.camroll.identity.Subject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;

/**
 * The access log for admins, filtered by staff member and/or user, newest first, a page at a time. Reading it is
 * itself an access with a reason, logged first, as in the support API.
 */
@Controller
class AccessLogPageController {

    static final int PAGE_SIZE = 50;

    /** The filter form; {@code cursor} is the position of the page, empty for the newest. */
    record Filter(String staffId, String userId, String reason, String cursor) {

        Filter {
            staffId = staffId == null ? "" : staffId.strip();
            userId = userId == null ? "" : userId.strip();
            reason = reason == null ? "" : reason.strip();
            cursor = cursor == null ? "" : cursor.strip();
        }

        Map<String, String> errors() {
            Map<String, String> errors = new LinkedHashMap<>();
            if (staffId.length() > 128) {
                errors.put("staffId", "A staff id has at most 128 characters.");
            }
            if (userId.length() > UserLookUpController.MAX_USER_ID_LENGTH) {
                errors.put("userId", "A user id has at most 128 characters.");
            }
            if (!AccessReasons.isValid(reason)) {
                errors.put(
                        "reason",
                        "Say why you read the access log, in " + AccessReasons.MIN_LENGTH + " to "
                                + AccessReasons.MAX_LENGTH + " characters, e.g. 'AUDIT-2026-11 monthly review'.");
            }
            return errors;
        }

        private static @Nullable String orNull(String filter) {
            return filter.isEmpty() ? null : filter;
        }
    }

    private final StaffAccesses accesses;

    private final AccessLog accessLog;

    AccessLogPageController(StaffAccesses accesses, AccessLog accessLog) {
        this.accesses = accesses;
        this.accessLog = accessLog;
    }

    @GetMapping("/support/access-log")
    String form(Model model) {
        model.addAttribute("filter", new Filter(null, null, null, null));
        model.addAttribute("errors", Map.of());
        return "support/access-log";
    }

    @PostMapping("/support/access-log")
    String search(
            Filter filter,
            Authentication authentication,
            HttpServletRequest request,
            HttpServletResponse response,
            Model model) {
        Map<String, String> errors = filter.errors();
        model.addAttribute("filter", filter);
        model.addAttribute("errors", errors);
        if (!errors.isEmpty()) {
            response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
            return "support/access-log";
        }
        PageQuery query = PageQuery.of(filter.cursor(), PAGE_SIZE);
        accesses.record(Staff.of(authentication).id(), Filter.orNull(filter.userId()), filter.reason(), request);
        String userId = Filter.orNull(filter.userId());
        Page<AccessLog.Entry> page =
                accessLog.search(userId == null ? null : Subject.of(userId), Filter.orNull(filter.staffId()), query);
        model.addAttribute("page", page);
        return "support/access-log";
    }
}
