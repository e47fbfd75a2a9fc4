package dev.camroll.api.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.camroll.api.CommonProblem;
import dev.camroll.api.ProblemException;
import dev.camroll.api.Problems;
import dev.camroll.api.StorableText;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses, before anything reads it, a request whose parameters or body type cannot be understood: a query string
 * that is not percent-encoded UTF-8 (invalid escapes such as {@code %ZZ}, overlong forms, encoded surrogates) or
 * whose values PostgreSQL cannot store ({@link StorableText}) is {@code 400 invalid-request} naming the parameter; a
 * wildcard {@code Content-Type} such as {@code *}{@code /*} is {@code 415}; a form body that does not decode is
 * {@code 400}; an {@code Accept} of nothing but problem types is {@code 406}. Without this, the container's lazy
 * parameter parsing fails inside whichever filter or handler asks first, as a 500.
 *
 * <p>Runs right after Spring's character-encoding filter, so a form body is read as UTF-8.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 1)
class MalformedRequestFilter extends OncePerRequestFilter {

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Optional<String> badParameter = unreadableParameter(request.getQueryString());
        if (badParameter.isPresent()) {
            refuse(
                    response,
                    badParameter.get(),
                    "Query parameter '" + badParameter.get()
                            + "' is not percent-encoded UTF-8 text the service can store (no NUL, no encoded surrogates).");
            return;
        }
        if (acceptsOnlyProblems(request.getHeader(HttpHeaders.ACCEPT))) {
            // refused before the handler runs, so a write is not made and then answered with an error
            Problems.write(
                    response,
                    Problems.of(
                            CommonProblem.NOT_ACCEPTABLE,
                            "Accept lists only problem types; a "
                                    + "success is application/json (or the operation's own type). Accept that too."));
            return;
        }
        String contentType = request.getContentType();
        if (contentType != null && carriesBody(request)) {
            MediaType type;
            try {
                type = MediaType.parseMediaType(contentType);
            } catch (InvalidMediaTypeException e) {
                Problems.write(
                        response,
                        Problems.of(
                                CommonProblem.UNSUPPORTED_MEDIA_TYPE,
                                "Content-Type is not a media type, e.g. application/json."));
                return;
            }
            if (type.isWildcardType() || type.isWildcardSubtype()) {
                Problems.write(
                        response,
                        Problems.of(
                                CommonProblem.UNSUPPORTED_MEDIA_TYPE,
                                "Content-Type must name the body's type, e.g. application/json, not a wildcard."));
                return;
            }
            if (MediaType.APPLICATION_FORM_URLENCODED.includes(type) && !readableForm(request, response)) {
                return;
            }
        }
        chain.doFilter(request, response);
    }

    /** Whether every media range of {@code accept} is a problem type, such as {@code application/problem+json}. */
    static boolean acceptsOnlyProblems(String accept) {
        if (accept == null || accept.isBlank()) {
            return false;
        }
        try {
            List<MediaType> types = MediaType.parseMediaTypes(accept);
            return !types.isEmpty() && types.stream().allMatch(ProblemMediaTypeGuard::isProblemType);
        } catch (InvalidMediaTypeException e) {
            return false; // left to content negotiation, which answers 406 for what it cannot read
        }
    }

    /** Spring reads the body's type only where there is a body to read; a GET's stray header is left alone. */
    private static boolean carriesBody(HttpServletRequest request) {
        String method = request.getMethod();
        return "POST".equals(method)
                || "PUT".equals(method)
                || "PATCH".equals(method)
                || request.getContentLengthLong() > 0
                || request.getHeader("Transfer-Encoding") != null;
    }

    /**
     * Parses a form body now, where a failure can still be answered: the container parses it (for POST) when anyone
     * first asks for a parameter, and its failure would otherwise surface in that caller.
     */
    private static boolean readableForm(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Map<String, String[]> parameters;
        try {
            parameters = request.getParameterMap();
        } catch (IllegalStateException e) { // Tomcat's InvalidParameterException: bad escapes, bad UTF-8, too many
            refuse(response, "body", "The form body is not percent-encoded UTF-8 within the parameter limits.");
            return false;
        }
        for (Map.Entry<String, String[]> parameter : parameters.entrySet()) {
            for (String value : parameter.getValue()) {
                if (!StorableText.isStorable(parameter.getKey()) || !StorableText.isStorable(value)) {
                    String name = StorableText.isStorable(parameter.getKey()) ? parameter.getKey() : "body";
                    refuse(response, name, StorableText.unstorable(name));
                    return false;
                }
            }
        }
        return true;
    }

    private static void refuse(HttpServletResponse response, String field, String detail) throws IOException {
        Problems.write(response, ProblemException.invalid(field, detail).toProblemDetail());
    }

    /**
     * The first parameter of a raw query string whose name or value does not decode strictly (RFC 3986 2.1
     * percent-encoding of UTF-8, storable); its name as far as it can be shown.
     */
    static Optional<String> unreadableParameter(String query) {
        if (query == null || query.isEmpty()) {
            return Optional.empty();
        }
        for (String pair : query.split("&", -1)) {
            int equals = pair.indexOf('=');
            String rawName = equals < 0 ? pair : pair.substring(0, equals);
            Optional<String> name = decode(rawName);
            Optional<String> value = equals < 0 ? Optional.of("") : decode(pair.substring(equals + 1));
            if (name.isEmpty() || value.isEmpty()) {
                return Optional.of(name.map(MalformedRequestFilter::shown).orElse("query"));
            }
        }
        return Optional.empty();
    }

    private static Optional<String> decode(String raw) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%') {
                if (i + 2 >= raw.length()) {
                    return Optional.empty();
                }
                int high = Character.digit(raw.charAt(i + 1), 16);
                int low = Character.digit(raw.charAt(i + 2), 16);
                if (high < 0 || low < 0) {
                    return Optional.empty();
                }
                bytes.write(high << 4 | low);
                i += 2;
            } else if (c == '+') {
                bytes.write(' ');
            } else if (c < 0x80) {
                bytes.write(c);
            } else {
                return Optional.empty(); // the container let a raw non-ASCII byte through: not a valid URI
            }
        }
        return StorableText.utf8(bytes.toByteArray());
    }

    /** A parameter name fit to show in a problem: short and printable. */
    private static String shown(String name) {
        String printable = name.codePoints()
                .filter(c -> c >= 0x20 && c != 0x7f)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
                .toString();
        return printable.length() > 64 ? printable.substring(0, 64) : printable.isEmpty() ? "query" : printable;
    }
}
