package dev.camroll.support.internal;

import dev.camroll.api.ProblemException;
import dev.camroll.api.StorableText;
import dev.camroll.support.SupportProblem;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Every support call states why, in {@code X-Access-Reason}, before anything else about it is looked at: the
 * check runs ahead of the handler, so a call without a reason is {@code 400 access-reason-required} whatever its
 * path or body.
 */
@Configuration(proxyBeanMethods = false)
class AccessReasons implements HandlerInterceptor, WebMvcConfigurer {

    static final String HEADER = "X-Access-Reason";

    static final int MIN_LENGTH = 10;

    static final int MAX_LENGTH = 500;

    private static final String ATTRIBUTE = AccessReasons.class.getName();

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(this).addPathPatterns("/v1/support/**");
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        String reason = StorableText.headerValue(request.getHeader(HEADER)); // "für" typed as UTF-8 stays "für"
        if (!isValid(reason)) {
            throw new ProblemException(
                    SupportProblem.ACCESS_REASON_REQUIRED,
                    "Header " + HEADER + " must give the reason "
                            + "for this access in " + MIN_LENGTH + " to " + MAX_LENGTH
                            + " characters, e.g. 'TICKET-4711 uploads stopped'.");
        }
        request.setAttribute(ATTRIBUTE, reason.strip());
        return true;
    }

    /** Whether {@code reason} says why in {@value #MIN_LENGTH} to {@value #MAX_LENGTH} characters (API and console). */
    static boolean isValid(@Nullable String reason) {
        return reason != null && reason.strip().length() >= MIN_LENGTH && reason.length() <= MAX_LENGTH;
    }

    /** The checked reason of the current support call. */
    static String of(HttpServletRequest request) {
        return (String) request.getAttribute(ATTRIBUTE);
    }
}
