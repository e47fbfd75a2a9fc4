package dev.camroll.api.internal;

import dev.camroll.api.CommonProblem;
import dev.camroll.api.Problems;
import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import org.apache.tomcat.util.http.InvalidParameterException;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Replaces Spring Boot's error page: errors raised outside Spring MVC (by the servlet container or a filter)
 * are problem documents too, labelled as such whatever the request accepted. A filter's exception that says the
 * request was malformed is a 400, not the container's 500; no exception text reaches the answer.
 */
@RestController
@Hidden
class ProblemErrorController implements ErrorController {

    @RequestMapping("/error")
    ResponseEntity<ProblemDetail> error(HttpServletRequest request) {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        int status = code instanceof Integer i ? i : 500;
        if (status == 500 && isMalformedRequest((Throwable) request.getAttribute(RequestDispatcher.ERROR_EXCEPTION))) {
            status = 400;
        }
        CommonProblem type = CommonProblem.forStatus(status);
        ProblemDetail problem = Problems.of(type, type.title() + ".");
        problem.setStatus(status);
        return ResponseEntity.status(status)
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(problem);
    }

    private static boolean isMalformedRequest(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof RequestRejectedException
                    || t instanceof InvalidParameterException
                    || t instanceof HttpMessageNotReadableException) {
                return true;
            }
        }
        return false;
    }
}
