package dev.camroll.api.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

import dev.camroll.api.ApiSettings;
import dev.camroll.api.CommonProblem;
import dev.camroll.api.Problems;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses request bodies over {@link ApiSettings#maxBodySize()} with {@code 413 payload-too-large}: at once when
 * the declared length is too large, while reading when a chunked body grows past it. Upload streams have their own
 * limits (the manifest's length, the upload module's) and are not counted here: see {@link #isUploadStream}.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
class RequestBodyLimitFilter extends OncePerRequestFilter {

    static final String UPLOAD_STREAM = "application/offset+octet-stream";

    static final String PARTIAL_UPLOAD = "application/partial-upload";

    static final String INTEROP_VERSION = "Upload-Draft-Interop-Version";

    private final long limit;

    RequestBodyLimitFilter(ApiSettings settings) {
        this.limit = settings.maxBodySize().toBytes();
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return isUploadStream(request);
    }

    /**
     * Whether the body is the bytes of a file being uploaded, which has its own limits and is never buffered; one rule
     * for every filter: tus' and the IETF draft's body types, any request naming the draft's interop version, and any
     * request to an upload resource or an upload slot (a plain {@code PUT} of the whole file names neither).
     */
    static boolean isUploadStream(HttpServletRequest request) {
        String contentType = request.getContentType();
        if (contentType != null) {
            String type = contentType.toLowerCase(Locale.ROOT);
            if (type.startsWith(UPLOAD_STREAM) || type.startsWith(PARTIAL_UPLOAD)) {
                return true;
            }
        }
        String path = request.getRequestURI().substring(request.getContextPath().length());
        return request.getHeader(INTEROP_VERSION) != null
                || path.startsWith("/v1/uploads/")
                || path.startsWith("/v1/upload-slots/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (request.getContentLengthLong() > limit) {
            Problems.write(
                    response,
                    Problems.of(
                            CommonProblem.PAYLOAD_TOO_LARGE, "The request body is larger than " + limit + " bytes."));
            return;
        }
        chain.doFilter(new LimitedRequest(request, limit), response);
    }

    private static final class LimitedRequest extends HttpServletRequestWrapper {

        private final long limit;

        private ServletInputStream stream;

        LimitedRequest(HttpServletRequest request, long limit) {
            super(request);
            this.limit = limit;
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (stream == null) {
                stream = new LimitedInputStream(super.getInputStream(), limit);
            }
            return stream;
        }

        @Override
        public BufferedReader getReader() throws IOException {
            String encoding = getCharacterEncoding() == null ? StandardCharsets.UTF_8.name() : getCharacterEncoding();
            return new BufferedReader(new InputStreamReader(getInputStream(), encoding));
        }
    }

    private static final class LimitedInputStream extends ServletInputStream {

        private final ServletInputStream in;

        private final long limit;

        private long count;

        LimitedInputStream(ServletInputStream in, long limit) {
            this.in = in;
            this.limit = limit;
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = in.read(buffer, offset, length);
            if (n > 0) {
                count(n);
            }
            return n;
        }

        private void count(int n) throws PayloadTooLargeException {
            count += n;
            if (count > limit) {
                throw new PayloadTooLargeException(limit);
            }
        }

        @Override
        public boolean isFinished() {
            return in.isFinished();
        }

        @Override
        public boolean isReady() {
            return in.isReady();
        }

        @Override
        public void setReadListener(ReadListener listener) {
            in.setReadListener(listener);
        }
    }
}
