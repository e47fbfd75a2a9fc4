package dev.camroll.api.internal;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;

import dev.camroll.api.CommonProblem;
import dev.camroll.api.ProblemException;
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
import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.ContentCachingResponseWrapper;
import org.springframework.web.util.UrlPathHelper;

/**
 * {@code Idempotency-Key} for every POST and PUT (after the Stripe model): the first answer to a key is kept for
 * its subject; the same key with the same method, path and body replays it ({@code Idempotent-Replayed: true}),
 * with another request it is {@code 422 idempotency-key-reused}, and while the first is still running
 * {@code 409 idempotency-key-in-use}. Answers of 5xx are not kept, so a retry after our failure runs again.
 *
 * <p>Runs after Spring Security (the key belongs to the authenticated subject) and outside the handler's
 * transaction: the answer is stored once the change has committed. Support calls, of the API and of the staff
 * console alike, are never replayed: each one must state its reason and be logged before any data leaves (a revoke
 * is idempotent by itself).
 */
@Component
@Order(Ordered.LOWEST_PRECEDENCE - 10) // after Spring Security's filter chain (order -100): the key needs the subject
class IdempotencyFilter extends OncePerRequestFilter {

    static final String HEADER = "Idempotency-Key";

    static final String REPLAYED = "Idempotent-Replayed";

    private static final int MAX_KEY_LENGTH = 255;

    /** Decoded like the handler mappings and Spring Security match it, so {@code %73upport} is support too. */
    private static final UrlPathHelper PATHS = UrlPathHelper.defaultInstance;

    private final StoredAnswers keys;

    IdempotencyFilter(StoredAnswers keys) {
        this.keys = keys;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String method = request.getMethod();
        return request.getHeader(HEADER) == null
                || !("POST".equals(method) || "PUT".equals(method))
                || isSupport(PATHS.getPathWithinApplication(request))
                || RequestBodyLimitFilter.isUploadStream(request);
    }

    /**
     * The support API and the staff console: a replayed answer would show a user's data again without the access
     * log entry that every look must write first.
     */
    private static boolean isSupport(String path) {
        return path.startsWith("/v1/support/") || path.equals("/support") || path.startsWith("/support/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Optional<String> subject = subject();
        if (subject.isEmpty()) {
            chain.doFilter(request, response);
            return;
        }
        String key = request.getHeader(HEADER);
        if (key.isEmpty() || key.length() > MAX_KEY_LENGTH || !key.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            Problems.write(
                    response,
                    ProblemException.invalid(
                                    HEADER,
                                    "'Idempotency-Key' must be 1 to " + MAX_KEY_LENGTH + " visible ASCII characters.")
                            .toProblemDetail());
            return;
        }
        byte[] body;
        try {
            body = request.getInputStream().readAllBytes();
        } catch (PayloadTooLargeException e) {
            Problems.write(response, Problems.of(CommonProblem.PAYLOAD_TOO_LARGE, e.getMessage()));
            return;
        }
        String hash = requestHash(request, body);
        if (!keys.claim(subject.get(), key, hash, request.getRequestURI())) {
            answerFromStore(subject.get(), key, hash, response);
            return;
        }
        ContentCachingResponseWrapper captured = new ContentCachingResponseWrapper(response);
        boolean completed = false;
        try {
            chain.doFilter(new CachedBodyRequest(request, body), captured);
            int status = captured.getStatus();
            if (status < 500) {
                keys.complete(
                        subject.get(),
                        key,
                        status,
                        captured.getContentType(),
                        captured.getHeader(HttpHeaders.LOCATION),
                        captured.getContentAsByteArray());
                completed = true;
            }
        } finally {
            if (!completed) {
                keys.release(subject.get(), key);
            }
            captured.copyBodyToResponse();
        }
    }

    private void answerFromStore(String subject, String key, String hash, HttpServletResponse response)
            throws IOException {
        StoredAnswers.Stored stored = keys.find(subject, key).orElse(null);
        if (stored != null && !stored.requestHash().equals(hash)) {
            Problems.write(
                    response,
                    Problems.of(
                            CommonProblem.IDEMPOTENCY_KEY_REUSED,
                            "This Idempotency-Key was first used with a different request; use a new key for a new request."));
        } else if (stored == null || !stored.finished()) {
            response.setHeader(HttpHeaders.RETRY_AFTER, "1");
            Problems.write(
                    response,
                    Problems.of(
                            CommonProblem.IDEMPOTENCY_KEY_IN_USE,
                            "The first request with this Idempotency-Key has not finished yet; retry shortly."));
        } else {
            response.setStatus(stored.status());
            response.setHeader(REPLAYED, "true");
            if (stored.contentType() != null) {
                response.setContentType(stored.contentType());
            }
            if (stored.location() != null) {
                response.setHeader(HttpHeaders.LOCATION, stored.location());
            }
            if (stored.body() != null) {
                response.getOutputStream().write(stored.body());
            }
        }
    }

    private static Optional<String> subject() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication == null
                || !authentication.isAuthenticated()
                || authentication instanceof AnonymousAuthenticationToken) {
            return Optional.empty();
        }
        return Optional.of(authentication.getName());
    }

    private static String requestHash(HttpServletRequest request, byte[] body) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            String target = request.getMethod() + " " + request.getRequestURI() + "?"
                    + (request.getQueryString() == null ? "" : request.getQueryString()) + "\n";
            sha256.update(target.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(sha256.digest(body));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Hands the already-read body on to the handler. */
    private static final class CachedBodyRequest extends HttpServletRequestWrapper {

        private final byte[] body;

        CachedBodyRequest(HttpServletRequest request, byte[] body) {
            super(request);
            this.body = body;
        }

        @Override
        public ServletInputStream getInputStream() {
            ByteArrayInputStream in = new ByteArrayInputStream(body);
            return new ServletInputStream() {
                @Override
                public int read() {
                    return in.read();
                }

                @Override
                public int read(byte[] b, int off, int len) {
                    return in.read(b, off, len);
                }

                @Override
                public boolean isFinished() {
                    return in.available() == 0;
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    throw new UnsupportedOperationException("synchronous body");
                }
            };
        }

        @Override
        public BufferedReader getReader() {
            return new BufferedReader(new InputStreamReader(getInputStream(), StandardCharsets.UTF_8));
        }

        @Override
        public int getContentLength() {
            return body.length;
        }

        @Override
        public long getContentLengthLong() {
            return body.length;
        }
    }
}
