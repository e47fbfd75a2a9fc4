package dev.camroll.upload.internal;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.Optional;

import dev.camroll.api.ProblemException;
import dev.camroll.consent.ConsentGate;
import dev.camroll.consent.Purpose;
import dev.camroll.identity.Subject;
import dev.camroll.upload.UploadProblem;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;

/**
 * The exchanges of the IETF draft "Resumable Uploads for HTTP" (draft-ietf-httpbis-resumable-upload, interop versions
 * 3 to 8) on one upload resource, for whoever holds it: a user's bearer token ({@link IetfUploadController}) or an
 * upload slot. The upload is the same one tus writes to: the same rows, staging, lease, checks and completion, so
 * either protocol resumes the other's bytes.
 */
@Component
class IetfUploads {

    private final UploadReceiver receiver;

    private final UploadAdmission admission;

    private final ConsentGate consent;

    private final UploadRows rows;

    private final UploadCleaner cleaner;

    private final java.time.Clock clock;

    IetfUploads(
            UploadReceiver receiver,
            UploadAdmission admission,
            ConsentGate consent,
            UploadRows rows,
            UploadCleaner cleaner,
            java.time.Clock clock) {
        this.receiver = receiver;
        this.admission = admission;
        this.consent = consent;
        this.rows = rows;
        this.cleaner = cleaner;
        this.clock = clock;
    }

    /**
     * The upload-creation request (draft 4.2), or a plain {@code PUT}/{@code POST} of the whole file without the draft's
     * headers: sends {@code 104} with {@code resumeAt} before reading the body (when the client speaks the draft),
     * appends the body from where the upload stands (a body that starts over again skips what is stored already), and
     * answers as the draft says for a complete or an incomplete upload.
     */
    ResponseEntity<Void> create(
            UploadRecord upload, URI resumeAt, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        Optional<IetfProtocol> draft = IetfProtocol.of(request);
        requireConsent(upload);
        requireOpenOrComplete(upload);
        boolean complete = draft.map(d -> d.isComplete(request)).orElse(true);
        long contentLength = request.getContentLengthLong();
        checkLength(upload, draft, request, complete ? contentLength : -1);
        if (draft.isPresent()) {
            InterimResponses.send(
                    request,
                    response,
                    104,
                    "Upload Resumption Supported",
                    draft.get().interim(resumeAt));
        }
        if (upload.isComplete()) {
            // A retry of an upload that finished: nothing is stored twice.
            return finalAnswer(draft, reread(upload), resumeAt);
        }
        long offset = upload.offset();
        InputStream body = request.getInputStream();
        if (offset > 0 && contentLength != 0) {
            // The client starts over (a retried PUT): the bytes already stored are skipped, not written twice; the
            // whole file's SHA-256 is checked at the end as always.
            try {
                body.skipNBytes(offset);
            } catch (java.io.EOFException e) {
                return finalAnswer(draft, reread(upload), resumeAt);
            }
            contentLength = contentLength < 0 ? -1 : contentLength - offset;
        }
        receive(upload, offset, body, contentLength);
        return finalAnswer(draft, reread(upload), resumeAt);
    }

    /** Offset retrieval (draft 4.3): where the upload stands, never cached. */
    ResponseEntity<Void> offset(UploadRecord upload, HttpServletRequest request) {
        IetfProtocol draft = IetfProtocol.required(request);
        requireOpenOrComplete(upload);
        HttpHeaders headers = draft.state(upload);
        headers.setCacheControl("no-store");
        return ResponseEntity.status(draft.offsetStatus()).headers(headers).build();
    }

    /** Upload append (draft 4.4): bytes from {@code Upload-Offset} on. */
    ResponseEntity<Void> append(UploadRecord upload, URI resumeAt, HttpServletRequest request) throws IOException {
        IetfProtocol draft = IetfProtocol.required(request);
        consent.require(Subject.of(upload.subject()), Purpose.CLOUD_PROCESSING);
        requireConsent(upload);
        requireOpenOrComplete(upload);
        draft.requireAppendType(request);
        long offset =
                IetfProtocol.nonNegative(request.getHeader(IetfProtocol.UPLOAD_OFFSET), IetfProtocol.UPLOAD_OFFSET);
        boolean complete = draft.isComplete(request);
        long contentLength = request.getContentLengthLong();
        checkLength(upload, Optional.of(draft), request, complete ? offset + Math.max(contentLength, 0) : -1);
        if (upload.isComplete()) {
            throw draft.completed(upload);
        }
        if (offset != upload.offset()) {
            throw draft.mismatch(upload.offset(), offset);
        }
        receive(upload, offset, request.getInputStream(), contentLength);
        UploadRecord now = reread(upload);
        if (now.isComplete()) {
            return finalAnswer(Optional.of(draft), now, resumeAt);
        }
        return ResponseEntity.noContent().headers(draft.state(now)).build();
    }

    /** Upload cancellation (draft 4.5): an open upload ends and its bytes go; a finished one stays as it is. */
    ResponseEntity<Void> cancel(UploadRecord upload) {
        if (upload.isOpen() && !rows.cancel(upload.uploadId()) && reread(upload).isOpen()) {
            throw new ProblemException(UploadProblem.UPLOAD_BUSY, "The upload is being written; retry.");
        }
        cleaner.removeStagedBytes(upload.subject());
        return ResponseEntity.noContent().build();
    }

    private void receive(UploadRecord upload, long offset, InputStream body, long contentLength) {
        try (UploadAdmission.Admitted admitted = admission.admit(upload.subject())) {
            receiver.receive(upload, offset, body, contentLength, null);
        } catch (UploadRefused refused) {
            refused.standsAt().ifPresent(at -> refused.withHeader(IetfProtocol.UPLOAD_OFFSET, String.valueOf(at)));
            if (refused.bodyLeftUnread()) {
                refused.withHeader(HttpHeaders.CONNECTION, "close");
            }
            throw refused;
        }
    }

    /**
     * The answer once the body is in: a complete upload is created (201, the resource in {@code Location}); an
     * incomplete one says where it stands, for the client to append the rest.
     */
    private static ResponseEntity<Void> finalAnswer(Optional<IetfProtocol> draft, UploadRecord upload, URI resumeAt) {
        HttpHeaders headers = draft.map(d -> d.state(upload)).orElseGet(HttpHeaders::new);
        headers.setLocation(resumeAt);
        if (!upload.isComplete()) {
            headers.set(IetfProtocol.UPLOAD_OFFSET, String.valueOf(upload.offset()));
        }
        return ResponseEntity.status(HttpStatus.CREATED).headers(headers).build();
    }

    /** {@code Upload-Length}, or the length a complete request implies, must be the length the manifest announced. */
    private static void checkLength(
            UploadRecord upload, Optional<IetfProtocol> draft, HttpServletRequest request, long impliedLength) {
        String header = request.getHeader(IetfProtocol.UPLOAD_LENGTH);
        Long announced = header == null ? null : IetfProtocol.nonNegative(header, IetfProtocol.UPLOAD_LENGTH);
        if ((announced != null && announced != upload.length())
                || (impliedLength >= 0 && impliedLength != upload.length())) {
            throw draft.map(d -> d.inconsistentLength(upload.length()))
                    .orElseGet(() -> ProblemException.invalid(
                            "Content-Length",
                            "The manifest announced " + upload.length() + " bytes for this file, not " + impliedLength
                                    + "."));
        }
    }

    private UploadRecord reread(UploadRecord upload) {
        return rows.find(upload.uploadId(), upload.subject()).orElse(upload);
    }

    /** After a withdrawal an upload is refused and its bytes go (the withdrawal removed them already, normally). */
    private void requireConsent(UploadRecord upload) {
        if (!consent.isGiven(Subject.of(upload.subject()), Purpose.CLOUD_PROCESSING)) {
            rows.cancel(upload.uploadId());
            cleaner.removeStagedBytes(upload.subject());
            consent.require(Subject.of(upload.subject()), Purpose.CLOUD_PROCESSING);
        }
    }

    private void requireOpenOrComplete(UploadRecord upload) {
        if (upload.isExpiredAt(clock.instant())) {
            throw new ProblemException(UploadProblem.UPLOAD_GONE, "The upload expired; announce the file again.");
        }
        if (!upload.isOpen() && !upload.isComplete()) {
            throw new ProblemException(
                    UploadProblem.UPLOAD_GONE, "The upload is " + upload.state().value() + ".");
        }
    }
}
