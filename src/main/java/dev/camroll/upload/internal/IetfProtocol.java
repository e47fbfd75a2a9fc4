package dev.camroll.upload.internal;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import dev.camroll.api.CommonProblem;
import dev.camroll.api.ProblemException;
import dev.camroll.upload.UploadProblem;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;

/**
 * What differs between the interop versions of the IETF draft "Resumable Uploads for HTTP" a request names in
 * {@code Upload-Draft-Interop-Version}: 3 (draft -01, iOS 17), 4 (-02), 5 (-03, iOS 18.0), 6 (-04 and -05, iOS 18.1),
 * 7 (-06 to -08) and 8 (-09 to -11). Version 3 says an upload is incomplete with {@code Upload-Incomplete: ?1}; later
 * ones say whether it is complete with {@code Upload-Complete}.
 */
record IetfProtocol(int interop) {

    static final String INTEROP_VERSION = "Upload-Draft-Interop-Version";

    static final String UPLOAD_COMPLETE = "Upload-Complete";

    static final String UPLOAD_INCOMPLETE = "Upload-Incomplete";

    static final String UPLOAD_OFFSET = "Upload-Offset";

    static final String UPLOAD_LENGTH = "Upload-Length";

    static final String UPLOAD_LIMIT = "Upload-Limit";

    /** The media type of an append's body from interop version 6 on. */
    static final String PARTIAL_UPLOAD = "application/partial-upload";

    static final int OLDEST = 3;

    static final int NEWEST = 8;

    /**
     * The draft the request speaks, if it names a version we speak. A creation request naming another version (a newer
     * iOS) is served as a plain upload of the whole file, without a 104, as the draft asks.
     */
    static Optional<IetfProtocol> of(HttpServletRequest request) {
        String version = request.getHeader(INTEROP_VERSION);
        if (version == null) {
            return Optional.empty();
        }
        try {
            int interop = Integer.parseInt(version.trim());
            return interop >= OLDEST && interop <= NEWEST ? Optional.of(new IetfProtocol(interop)) : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** Offset retrieval, append and cancellation need a version we speak: else a clear 400. */
    static IetfProtocol required(HttpServletRequest request) {
        return of(request)
                .orElseThrow(() -> ProblemException.invalid(
                        INTEROP_VERSION,
                        INTEROP_VERSION + " must be one of " + OLDEST + " to " + NEWEST + ", not '"
                                + request.getHeader(INTEROP_VERSION) + "'."));
    }

    /** Whether the request's content ends the upload. */
    boolean isComplete(HttpServletRequest request) {
        if (interop == 3) {
            return !Boolean.TRUE.equals(bool(request, UPLOAD_INCOMPLETE));
        }
        Boolean complete = bool(request, UPLOAD_COMPLETE);
        if (complete == null) {
            throw ProblemException.invalid(UPLOAD_COMPLETE, "Send Upload-Complete: ?1 (the rest of the file) or ?0.");
        }
        return complete;
    }

    /**
     * The {@code 104 Upload Resumption Supported} interim response's fields: where to resume, the version echoed (a
     * client ignores a 104 without it), and from version 6 the limits.
     */
    Map<String, String> interim(URI location, UploadRecord upload, Instant now) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(HttpHeaders.LOCATION, location.toASCIIString());
        headers.put(INTEROP_VERSION, String.valueOf(interop));
        limit(upload, now).ifPresent(limit -> headers.put(UPLOAD_LIMIT, limit));
        return headers;
    }

    /**
     * Where the upload stands, in this version's fields: the offset, whether it is complete, its length (defined from
     * version 6, harmless before and read by tus-js-client) and from version 6 the limits.
     */
    HttpHeaders state(UploadRecord upload, Instant now) {
        HttpHeaders headers = new HttpHeaders();
        headers.set(INTEROP_VERSION, String.valueOf(interop));
        headers.set(UPLOAD_OFFSET, String.valueOf(upload.isComplete() ? upload.length() : upload.offset()));
        if (interop == 3) {
            headers.set(UPLOAD_INCOMPLETE, upload.isComplete() ? "?0" : "?1");
        } else {
            headers.set(UPLOAD_COMPLETE, upload.isComplete() ? "?1" : "?0");
        }
        headers.set(UPLOAD_LENGTH, String.valueOf(upload.length()));
        limit(upload, now).ifPresent(limit -> headers.set(UPLOAD_LIMIT, limit));
        return headers;
    }

    /**
     * {@code Upload-Limit} (version 6 on): the file is exactly the manifest's length, and an open upload lives until it
     * expires ({@code expires} in version 6, renamed {@code max-age} in 7).
     */
    Optional<String> limit(UploadRecord upload, Instant now) {
        if (interop < 6) {
            return Optional.empty();
        }
        String limit = "max-size=" + upload.length() + ", min-size=" + upload.length();
        if (upload.isOpen()) {
            long seconds = Math.max(0, Duration.between(now, upload.expiresAt()).toSeconds());
            limit += (interop == 6 ? ", expires=" : ", max-age=") + seconds;
        }
        return Optional.of(limit);
    }

    /** An append that leaves the upload incomplete: 201 in versions 3 to 5 (as their text says), 204 after. */
    HttpStatus partialAppendStatus() {
        return interop <= 5 ? HttpStatus.CREATED : HttpStatus.NO_CONTENT;
    }

    /**
     * An append's body is {@code application/partial-upload} from version 6 on (the draft's MUST, which URLSession and
     * tus-js-client follow); before, any type.
     */
    void requireAppendType(HttpServletRequest request) {
        if (interop < 6) {
            return;
        }
        String type = request.getContentType();
        String media = type == null
                ? ""
                : type.toLowerCase(Locale.ROOT).split(";", 2)[0].trim();
        if (!media.equals(PARTIAL_UPLOAD)) {
            throw new ProblemException(
                    CommonProblem.UNSUPPORTED_MEDIA_TYPE,
                    "From interop version 6 an append carries Content-Type: " + PARTIAL_UPLOAD + ".");
        }
    }

    /** Offset retrieval and cancellation carry none of the fields of an append (the draft's 400). */
    void requireNoUploadFields(HttpServletRequest request) {
        for (String field : new String[] {UPLOAD_OFFSET, UPLOAD_COMPLETE, UPLOAD_INCOMPLETE, UPLOAD_LENGTH}) {
            if (request.getHeader(field) != null) {
                throw ProblemException.invalid(field, request.getMethod() + " of an upload carries no " + field + ".");
            }
        }
    }

    /**
     * A refusal in the draft's terms: where the upload stands ({@code Upload-Offset}, which every version asks for on
     * a 409), and a body left unread ends the connection.
     */
    UploadRefused answered(UploadRefused refused) {
        refused.withHeader(INTEROP_VERSION, String.valueOf(interop));
        return positioned(refused);
    }

    /** {@link #answered} without the draft: a plain whole-file request's refusal. */
    static UploadRefused positioned(UploadRefused refused) {
        refused.standsAt().ifPresent(at -> refused.withHeader(UPLOAD_OFFSET, String.valueOf(at)));
        if (refused.bodyLeftUnread()) {
            refused.withHeader(HttpHeaders.CONNECTION, "close");
        }
        return refused;
    }

    /** An append at another offset than where the upload stands: 409, with both offsets. */
    ProblemException mismatch(long expected, long provided) {
        return answered(new UploadRefused(
                                UploadProblem.OFFSET_MISMATCH,
                                "The upload stands at " + expected + ", not " + provided + "; append from there.")
                        .standingAt(expected)
                        .leavingBodyUnread())
                .with("expected-offset", expected)
                .with("provided-offset", provided);
    }

    /**
     * An append with content to an upload that is complete already: {@code completed-upload} up to version 7; version
     * 8 calls it an inconsistent length (the content would go past the end).
     */
    ProblemException completed(UploadRecord upload) {
        UploadRefused refused = interop >= 8
                ? new UploadRefused(
                        UploadProblem.INCONSISTENT_UPLOAD_LENGTH,
                        "The upload is complete at " + upload.length() + " bytes; nothing more can be appended.")
                : new UploadRefused(
                        UploadProblem.COMPLETED_UPLOAD, "The upload is complete; nothing more can be appended.");
        return answered(refused.standingAt(upload.length()).leavingBodyUnread());
    }

    /** A length other than the one the manifest announced. */
    ProblemException inconsistentLength(long length) {
        return answered(new UploadRefused(
                                UploadProblem.INCONSISTENT_UPLOAD_LENGTH,
                                "The manifest announced " + length + " bytes for this file.")
                        .leavingBodyUnread())
                .with("length", length);
    }

    /** An RFC 8941 boolean ({@code ?1} or {@code ?0}), or null when the field is absent; anything else is a 400. */
    private static @Nullable Boolean bool(HttpServletRequest request, String field) {
        String value = request.getHeader(field);
        if (value == null) {
            return null;
        }
        return switch (value.trim()) {
            case "?1" -> true;
            case "?0" -> false;
            default -> throw ProblemException.invalid(field, field + " is a structured boolean: ?1 or ?0.");
        };
    }
}
