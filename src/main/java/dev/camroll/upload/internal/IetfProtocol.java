package dev.camroll.upload.internal;

import java.net.URI;
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

    /** The draft the request speaks, if it names one; an interop version we do not speak is a clear 400. */
    static Optional<IetfProtocol> of(HttpServletRequest request) {
        String version = request.getHeader(INTEROP_VERSION);
        if (version == null) {
            return Optional.empty();
        }
        try {
            int interop = Integer.parseInt(version.trim());
            if (interop >= OLDEST && interop <= NEWEST) {
                return Optional.of(new IetfProtocol(interop));
            }
        } catch (NumberFormatException e) {
            // fall through
        }
        throw ProblemException.invalid(
                INTEROP_VERSION,
                INTEROP_VERSION + " must be one of " + OLDEST + " to " + NEWEST + ", not '" + version + "'.");
    }

    static IetfProtocol required(HttpServletRequest request) {
        return of(request)
                .orElseThrow(() -> ProblemException.invalid(INTEROP_VERSION, "Name the draft's interop version."));
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

    /** The {@code 104 Upload Resumption Supported} interim response's fields. */
    Map<String, String> interim(URI location) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(HttpHeaders.LOCATION, location.toASCIIString());
        headers.put(INTEROP_VERSION, String.valueOf(interop));
        return headers;
    }

    /** Where the upload stands, in this version's fields: the offset, whether it is complete, and its length. */
    HttpHeaders state(UploadRecord upload) {
        HttpHeaders headers = new HttpHeaders();
        headers.set(INTEROP_VERSION, String.valueOf(interop));
        headers.set(UPLOAD_OFFSET, String.valueOf(upload.isComplete() ? upload.length() : upload.offset()));
        if (interop == 3) {
            if (!upload.isComplete()) {
                headers.set(UPLOAD_INCOMPLETE, "?1");
            }
        } else {
            headers.set(UPLOAD_COMPLETE, upload.isComplete() ? "?1" : "?0");
        }
        if (interop >= 5) {
            headers.set(UPLOAD_LENGTH, String.valueOf(upload.length()));
        }
        return headers;
    }

    HttpStatus offsetStatus() {
        return HttpStatus.NO_CONTENT;
    }

    /** An append's body is {@code application/partial-upload} (from version 6), or untyped, or tus' type. */
    void requireAppendType(HttpServletRequest request) {
        String type = request.getContentType();
        if (type == null) {
            return;
        }
        String media = type.toLowerCase(Locale.ROOT).split(";", 2)[0].trim();
        if (!media.equals(PARTIAL_UPLOAD)
                && !media.equals(TusController.UPLOAD_STREAM)
                && !media.equals("application/octet-stream")) {
            throw new ProblemException(
                    CommonProblem.UNSUPPORTED_MEDIA_TYPE, "An append carries Content-Type: " + PARTIAL_UPLOAD + ".");
        }
    }

    /** An append at another offset than where the upload stands: 409, with both offsets. */
    ProblemException mismatch(long expected, long provided) {
        return new UploadRefused(
                        UploadProblem.OFFSET_MISMATCH,
                        "The upload stands at " + expected + ", not " + provided + "; append from there.")
                .standingAt(expected)
                .leavingBodyUnread()
                .with("expected-offset", expected)
                .with("provided-offset", provided);
    }

    /** An append to an upload that is complete already. */
    ProblemException completed(UploadRecord upload) {
        return new UploadRefused(
                        UploadProblem.COMPLETED_UPLOAD, "The upload is complete; nothing more can be appended.")
                .standingAt(upload.length())
                .leavingBodyUnread();
    }

    /** A length other than the one the manifest announced. */
    ProblemException inconsistentLength(long length) {
        return new UploadRefused(
                        UploadProblem.INCONSISTENT_UPLOAD_LENGTH,
                        "The manifest announced " + length + " bytes for this file.")
                .leavingBodyUnread()
                .with("length", length);
    }

    static long nonNegative(@Nullable String value, String header) {
        try {
            long number = Long.parseLong(value == null ? "" : value.trim());
            if (number >= 0) {
                return number;
            }
        } catch (NumberFormatException e) {
            // fall through
        }
        throw ProblemException.invalid(header, header + " must be a non-negative integer.");
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
