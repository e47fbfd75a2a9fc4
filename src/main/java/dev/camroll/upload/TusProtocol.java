package dev.camroll.upload;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import dev.camroll.api.ProblemException;
import dev.camroll.api.ProblemType;

import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * tus 1.0.0 core, section "Tus-Resumable": every answer names the version; every request but OPTIONS must name
 * it too, else {@code 412} with the versions we speak.
 */
@Configuration(proxyBeanMethods = false)
class TusProtocol implements HandlerInterceptor, WebMvcConfigurer {

    static final String RESUMABLE = "1.0.0";

    static final String TUS_RESUMABLE = "Tus-Resumable";

    static final String VERSION = "Tus-Version";

    static final String EXTENSION = "Tus-Extension";

    static final String MAX_SIZE = "Tus-Max-Size";

    static final String CHECKSUM_ALGORITHM = "Tus-Checksum-Algorithm";

    static final String UPLOAD_OFFSET = "Upload-Offset";

    static final String UPLOAD_LENGTH = "Upload-Length";

    static final String UPLOAD_METADATA = "Upload-Metadata";

    static final String UPLOAD_EXPIRES = "Upload-Expires";

    static final String UPLOAD_CHECKSUM = "Upload-Checksum";

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(this).addPathPatterns("/v1/uploads", "/v1/uploads/**");
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        response.setHeader(TUS_RESUMABLE, RESUMABLE);
        if (!"OPTIONS".equals(request.getMethod()) && !RESUMABLE.equals(request.getHeader(TUS_RESUMABLE))) {
            response.setHeader(VERSION, RESUMABLE);
            throw new ProblemException(ProblemType.TUS_VERSION_UNSUPPORTED,
                    "Send Tus-Resumable: " + RESUMABLE + " with every request.");
        }
        return true;
    }
}
