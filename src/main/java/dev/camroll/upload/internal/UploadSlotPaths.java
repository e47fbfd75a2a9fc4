package dev.camroll.upload.internal;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ValveBase;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Keeps upload slots out of every log and document but their own request: a slot is a credential in a URL, so
 * whatever records a request's path sees {@code /v1/upload-slots/} and the slot's first eight characters and
 * {@code ...} only. Two places do that:
 *
 * <ul>
 *   <li>a filter ahead of every other (Spring Security's, ours, Spring MVC's) hands on the request with the shortened
 *       path ({@code getRequestURI}, {@code getRequestURL}, {@code getServletPath}), and the whole slot in a request
 *       attribute only {@link UploadSlotController} reads. So Spring Security's and the {@code DispatcherServlet}'s
 *       debug logs, error logs, and the {@code instance} Spring MVC puts into problem documents, show the short form;
 *   <li>a Tomcat valve rewrites the request's URI to the short form once the request has been served, before Tomcat
 *       writes its access log ({@code server.tomcat.accesslog.*}) and before its error page handling reads it.
 * </ul>
 */
@Configuration(proxyBeanMethods = false)
class UploadSlotPaths {

    /** The request attribute holding the whole slot of a request to {@code /v1/upload-slots/{slot}}. */
    static final String SLOT = UploadSlotPaths.class.getName() + ".slot";

    @Bean
    FilterRegistrationBean<ShortenedSlotFilter> shortenedSlotFilter() {
        FilterRegistrationBean<ShortenedSlotFilter> registration =
                new FilterRegistrationBean<>(new ShortenedSlotFilter());
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return registration;
    }

    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> shortenedSlotInAccessLog() {
        return factory -> factory.addContextValves(new ShortenedSlotValve());
    }

    /** The whole slot of the request, which the filter set aside; null when the request is not to a slot. */
    static @Nullable String slotOf(HttpServletRequest request) {
        return request.getAttribute(SLOT) instanceof String slot ? slot : null;
    }

    /** The path with the slot shortened, or null when it is not a slot's path. */
    static @Nullable String shortened(String contextPath, String requestUri) {
        String prefix = contextPath + UploadSlots.PATH;
        if (!requestUri.startsWith(prefix) || requestUri.length() == prefix.length()) {
            return null;
        }
        return prefix + UploadSlots.shown(requestUri.substring(prefix.length()));
    }

    static final class ShortenedSlotFilter extends OncePerRequestFilter {

        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            String uri = request.getRequestURI();
            String shortened = shortened(request.getContextPath(), uri);
            if (shortened == null) {
                chain.doFilter(request, response);
                return;
            }
            request.setAttribute(SLOT, uri.substring(request.getContextPath().length() + UploadSlots.PATH.length()));
            String servletPath = shortened.substring(request.getContextPath().length());
            chain.doFilter(
                    new HttpServletRequestWrapper(request) {
                        @Override
                        public String getRequestURI() {
                            return shortened;
                        }

                        @Override
                        public StringBuffer getRequestURL() {
                            StringBuffer url = super.getRequestURL();
                            url.setLength(url.length() - uri.length());
                            return url.append(shortened);
                        }

                        @Override
                        public String getServletPath() {
                            return servletPath;
                        }

                        @Override
                        public @Nullable String getPathInfo() {
                            return null;
                        }
                    },
                    response);
        }
    }

    static final class ShortenedSlotValve extends ValveBase {

        ShortenedSlotValve() {
            super(true);
        }

        @Override
        public void invoke(Request request, Response response) throws IOException, ServletException {
            try {
                getNext().invoke(request, response);
            } finally {
                String shortened = shortened(request.getContextPath(), request.getRequestURI());
                if (shortened != null) {
                    request.getCoyoteRequest().requestURI().setString(shortened);
                    request.getCoyoteRequest().decodedURI().setString(shortened);
                }
            }
        }
    }
}
