package dev.camroll.upload.internal;

import java.io.IOException;

import dev.camroll.api.Problems;
import dev.camroll.upload.UploadProblem;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * tus 1.0.0 core, "Tus-Resumable": every answer under {@code /v1/uploads} names the version, errors from security
 * or routing included (so this is a filter ahead of them); every request but OPTIONS must name it too, else
 * {@code 412} with the versions we speak.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 30)
class TusProtocol extends OncePerRequestFilter {

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
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        // The IETF draft's requests and a plain PUT of the whole file are not tus ones (IetfUploadController); on an
        // upload slot, only a request that names tus is.
        if (request.getHeader(IetfProtocol.INTEROP_VERSION) != null) {
            return true;
        }
        if (path.startsWith(UploadSlots.PATH)) {
            return request.getHeader(TUS_RESUMABLE) == null
                    || "PUT".equals(request.getMethod())
                    || "POST".equals(request.getMethod());
        }
        return (!path.equals("/v1/uploads") && !path.startsWith("/v1/uploads/")) || "PUT".equals(request.getMethod());
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        response.setHeader(TUS_RESUMABLE, RESUMABLE);
        if (!"OPTIONS".equals(request.getMethod()) && !RESUMABLE.equals(request.getHeader(TUS_RESUMABLE))) {
            response.setHeader(VERSION, RESUMABLE);
            Problems.write(
                    response,
                    Problems.of(
                            UploadProblem.TUS_VERSION_UNSUPPORTED,
                            "Send Tus-Resumable: " + RESUMABLE + " with every request."));
            return;
        }
        chain.doFilter(request, response);
    }
}
