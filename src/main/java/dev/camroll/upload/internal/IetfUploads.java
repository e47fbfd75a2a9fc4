package dev.camroll.upload.internal;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Clock;
import java.util.Optional;

import dev.camroll.api.ProblemException;
import dev.camroll.upload.UploadSettings;
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

    private final UploadGuards guards;

    private final UploadSettings settings;

    private final Clock clock;

    IetfUploads(
            UploadReceiver receiver,
            UploadAdmission admission,
            UploadGuards guards,
            UploadSettings settings,
            Clock clock) {
        this.receiver = receiver;
        this.admission = admission;
        this.guards = guards;
        this.settings = settings;
        this.clock = clock;
    }

    /**
     * The upload-creation request, or a plain {@code PUT}/{@code POST} of the whole file without the draft's fields:
     * sends {@code 104} with {@code resumeAt} before reading the body (when the client speaks the draft), appends the
     * body from where the upload stands (a body that starts over again skips what is stored already), and answers
     * {@code 201} with where the upload stands: complete, or where to append the rest.
     */
    ResponseEntity<Void> create(
            UploadRecord upload, URI resumeAt, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        Optional<IetfProtocol> draft = IetfProtocol.of(request);
        guards.requireConsent(upload);
        guards.requireOpenOrComplete(upload);
        boolean complete = draft.map(d -> d.isComplete(request)).orElse(true);
        long contentLength = request.getContentLengthLong();
        checkLength(upload, draft, request, complete ? contentLength : -1);
        draft.filter(d -> settings.interimResponses())
                .ifPresent(d -> InterimResponses.send(
                        request,
                        response,
                        104,
                        "Upload Resumption Supported",
                        d.interim(resumeAt, upload, clock.instant())));
        if (upload.isComplete()) {
            // A retry of an upload that finished: nothing is stored twice.
            return created(draft, upload, resumeAt);
        }
        long offset = upload.offset();
        InputStream body = request.getInputStream();
        if (offset > 0 && contentLength != 0) {
            // The client starts over (a retried PUT): the bytes already stored are skipped, not written twice; the
            // whole file's SHA-256 is checked at the end as always.
            try {
                body.skipNBytes(offset);
            } catch (EOFException e) {
                return created(draft, guards.reread(upload), resumeAt);
            }
            contentLength = contentLength < 0 ? -1 : contentLength - offset;
        }
        if (contentLength != 0 || upload.length() == 0) {
            receive(draft, upload, offset, body, contentLength);
        }
        return created(draft, guards.reread(upload), resumeAt);
    }

    /** Offset retrieval: where the upload stands, never cached. */
    ResponseEntity<Void> offset(UploadRecord upload, HttpServletRequest request) {
        IetfProtocol draft = IetfProtocol.required(request);
        draft.requireNoUploadFields(request);
        guards.requireOpenOrComplete(upload);
        HttpHeaders headers = draft.state(upload, clock.instant());
        headers.setCacheControl("no-store");
        return ResponseEntity.noContent().headers(headers).build();
    }

    /**
     * Upload append: bytes from {@code Upload-Offset} on. An empty append that says "complete" to an upload that is
     * complete already is answered as a success, so a client that lost the last answer can finish.
     */
    ResponseEntity<Void> append(UploadRecord upload, URI resumeAt, HttpServletRequest request) throws IOException {
        IetfProtocol draft = IetfProtocol.required(request);
        guards.requireConsent(upload);
        guards.requireOpenOrComplete(upload);
        draft.requireAppendType(request);
        long offset =
                UploadGuards.nonNegative(request.getHeader(IetfProtocol.UPLOAD_OFFSET), IetfProtocol.UPLOAD_OFFSET);
        boolean complete = draft.isComplete(request);
        long contentLength = request.getContentLengthLong();
        if (upload.isComplete()) {
            if (contentLength <= 0 && complete && offset == upload.length()) {
                return created(Optional.of(draft), upload, resumeAt);
            }
            throw draft.completed(upload);
        }
        checkLength(upload, Optional.of(draft), request, complete && contentLength >= 0 ? offset + contentLength : -1);
        if (offset != upload.offset()) {
            throw draft.mismatch(upload.offset(), offset);
        }
        if (contentLength != 0) {
            receive(Optional.of(draft), upload, offset, request.getInputStream(), contentLength);
        }
        UploadRecord now = guards.reread(upload);
        if (now.isComplete()) {
            return created(Optional.of(draft), now, resumeAt);
        }
        return ResponseEntity.status(draft.partialAppendStatus())
                .headers(draft.state(now, clock.instant()))
                .build();
    }

    /** Upload cancellation: an open upload ends and its bytes go; a finished one stays as it is. */
    ResponseEntity<Void> cancel(UploadRecord upload, HttpServletRequest request) {
        IetfProtocol draft = IetfProtocol.required(request);
        draft.requireNoUploadFields(request);
        guards.end(upload);
        return ResponseEntity.noContent()
                .header(IetfProtocol.INTEROP_VERSION, String.valueOf(draft.interop()))
                .build();
    }

    private void receive(
            Optional<IetfProtocol> draft, UploadRecord upload, long offset, InputStream body, long length) {
        try (UploadAdmission.Admitted admitted = admission.admit(upload.subject())) {
            receiver.receive(
                    upload, draft.isPresent() ? UploadProtocol.IETF : UploadProtocol.PUT, offset, body, length, null);
        } catch (UploadRefused refused) {
            throw draft.map(d -> d.answered(refused)).orElseGet(() -> IetfProtocol.positioned(refused));
        }
    }

    /**
     * The answer once the body is in: {@code 201} with the resource in {@code Location} and where the upload stands
     * (complete, or the offset to append the rest from), in the request's draft version.
     */
    private ResponseEntity<Void> created(Optional<IetfProtocol> draft, UploadRecord upload, URI resumeAt) {
        HttpHeaders headers = draft.map(d -> d.state(upload, clock.instant())).orElseGet(HttpHeaders::new);
        headers.setLocation(resumeAt);
        headers.set(
                IetfProtocol.UPLOAD_OFFSET, String.valueOf(upload.isComplete() ? upload.length() : upload.offset()));
        return ResponseEntity.status(HttpStatus.CREATED).headers(headers).build();
    }

    /** {@code Upload-Length}, or the length a complete request implies, must be the length the manifest announced. */
    private static void checkLength(
            UploadRecord upload, Optional<IetfProtocol> draft, HttpServletRequest request, long impliedLength) {
        String header = request.getHeader(IetfProtocol.UPLOAD_LENGTH);
        Long announced = header == null ? null : UploadGuards.nonNegative(header, IetfProtocol.UPLOAD_LENGTH);
        if ((announced != null && announced != upload.length())
                || (impliedLength >= 0 && impliedLength != upload.length())) {
            throw draft.map(d -> d.inconsistentLength(upload.length()))
                    .orElseGet(() -> ProblemException.invalid(
                            "Content-Length",
                            "The manifest announced " + upload.length() + " bytes for this file, not " + impliedLength
                                    + "."));
        }
    }
}
