package dev.camroll.support.internal;

import dev.camroll.api.ProblemException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.servlet.ModelAndView;

/**
 * What every console page shares: the signed-in staff member for the header, and errors as pages rather than the
 * API's problem documents (this advice comes before the API's).
 */
@ControllerAdvice(
        assignableTypes = {
            ConsoleSignInController.class,
            UserLookUpController.class,
            RevocationController.class,
            AccessLogPageController.class
        })
@Order(Ordered.HIGHEST_PRECEDENCE)
class ConsolePages {

    private static final Logger log = LoggerFactory.getLogger(ConsolePages.class);

    @ModelAttribute("staff")
    @Nullable
    Staff staff(@Nullable Authentication authentication) {
        return authentication == null ? null : Staff.of(authentication);
    }

    /** Fail closed: a look that could not be logged shows nothing. */
    @ExceptionHandler(StaffAccesses.AccessNotRecordedException.class)
    ModelAndView accessNotRecorded(@Nullable Authentication authentication) {
        return problem(
                authentication,
                HttpStatus.SERVICE_UNAVAILABLE,
                "The access could not be recorded",
                "The access log could not record this look, so nothing is shown and nothing was changed. "
                        + "Try again later.");
    }

    @ExceptionHandler(ProblemException.class)
    ModelAndView problem(ProblemException e, @Nullable Authentication authentication) {
        var problem = e.toProblemDetail();
        return problem(
                authentication, HttpStatus.valueOf(problem.getStatus()), problem.getTitle(), problem.getDetail());
    }

    /** A burst of changes for one user held its lock too long. */
    @ExceptionHandler(PessimisticLockingFailureException.class)
    ModelAndView busy(@Nullable Authentication authentication) {
        return problem(
                authentication,
                HttpStatus.SERVICE_UNAVAILABLE,
                "Busy",
                "Too many changes for this user at once; nothing was changed. Try again in a moment.");
    }

    @ExceptionHandler(Exception.class)
    ModelAndView unexpected(Exception e, @Nullable Authentication authentication) {
        log.error("Unhandled error in the support console", e);
        return problem(
                authentication,
                HttpStatus.INTERNAL_SERVER_ERROR,
                "Something went wrong",
                "Something went wrong on our side. A change is either complete or not made; look the user up again.");
    }

    private ModelAndView problem(
            @Nullable Authentication authentication, HttpStatus status, String title, String detail) {
        ModelAndView page = new ModelAndView("support/problem", status);
        page.addObject("title", title);
        page.addObject("detail", detail);
        page.addObject("staff", staff(authentication));
        return page;
    }
}
