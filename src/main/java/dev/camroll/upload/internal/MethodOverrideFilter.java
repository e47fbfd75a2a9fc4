package dev.camroll.upload.internal;

import java.io.IOException;
import java.util.Locale;
import java.util.Set;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * tus 1.0.0 core, "X-HTTP-Method-Override": clients whose HTTP stack cannot send PATCH or DELETE (Java's
 * HttpURLConnection, which the official Java client uses) send POST with this header. Only for uploads.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 20)
class MethodOverrideFilter extends OncePerRequestFilter {

    private static final String HEADER = "X-HTTP-Method-Override";

    private static final Set<String> OVERRIDABLE = Set.of("PATCH", "DELETE", "HEAD");

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !"POST".equals(request.getMethod())
                || request.getHeader(HEADER) == null
                || !request.getRequestURI()
                        .substring(request.getContextPath().length())
                        .startsWith("/v1/uploads/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String method = request.getHeader(HEADER).trim().toUpperCase(Locale.ROOT);
        if (!OVERRIDABLE.contains(method)) {
            chain.doFilter(request, response);
            return;
        }
        chain.doFilter(
                new HttpServletRequestWrapper(request) {
                    @Override
                    public String getMethod() {
                        return method;
                    }
                },
                response);
    }
}
