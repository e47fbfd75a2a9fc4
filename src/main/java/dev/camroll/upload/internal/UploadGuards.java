package dev.camroll.upload.internal;

import java.time.Clock;
import java.util.UUID;

import dev.camroll.api.Ids;
import dev.camroll.api.ProblemException;
import dev.camroll.consent.ConsentGate;
import dev.camroll.consent.Purpose;
import dev.camroll.identity.Caller;
import dev.camroll.identity.Subject;
import dev.camroll.upload.ManifestLines;
import dev.camroll.upload.UploadId;
import dev.camroll.upload.UploadProblem;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/** What every request to an upload checks and does alike, whichever protocol it speaks (tus or the IETF draft). */
@Component
class UploadGuards {

    private final UploadRows rows;

    private final ManifestLines lines;

    private final UploadCleaner cleaner;

    private final ConsentGate consent;

    private final Clock clock;

    UploadGuards(UploadRows rows, ManifestLines lines, UploadCleaner cleaner, ConsentGate consent, Clock clock) {
        this.rows = rows;
        this.lines = lines;
        this.cleaner = cleaner;
        this.consent = consent;
        this.clock = clock;
    }

    /** The caller's upload {@code uploadId}; another user's is {@code 404}, as one that does not exist. */
    UploadRecord find(Caller caller, String uploadId) {
        return rows.find(UploadId.of(Ids.parse(uploadId, "upload")), caller.subject())
                .orElseThrow(() -> ProblemException.notFound("No upload '" + uploadId + "'."));
    }

    /**
     * The upload of a manifest line. A line that shares the open upload of another line (the same content, announced
     * by any device of the user) finds that upload: the device creating it may finish what another began.
     */
    UploadRecord ofLine(Caller caller, UUID batchId, String clientAssetId) {
        return rows.findByLine(batchId, clientAssetId, caller.subject())
                .or(() -> lines.uploadOf(caller.user(), batchId, clientAssetId)
                        .flatMap(id -> rows.find(id, caller.subject())))
                .orElseThrow(
                        () -> ProblemException.notFound("No upload for that batch line; send the manifest first."));
    }

    /** The upload as it stands now (after a request wrote to it). */
    UploadRecord reread(UploadRecord upload) {
        return rows.find(upload.uploadId(), upload.subject()).orElse(upload);
    }

    /** After a withdrawal an upload is refused and its bytes go (the withdrawal removed them already, normally). */
    void requireConsent(UploadRecord upload) {
        if (!consent.isGiven(Subject.of(upload.subject()), Purpose.CLOUD_PROCESSING)) {
            rows.cancel(upload.uploadId());
            cleaner.removeStagedBytes(upload.subject());
            consent.require(Subject.of(upload.subject()), Purpose.CLOUD_PROCESSING);
        }
    }

    void requireOpenOrComplete(UploadRecord upload) {
        if (upload.isExpiredAt(clock.instant())) {
            throw new ProblemException(UploadProblem.UPLOAD_GONE, "The upload expired; announce the file again.");
        }
        if (!upload.isOpen() && !upload.isComplete()) {
            throw new ProblemException(
                    UploadProblem.UPLOAD_GONE, "The upload is " + upload.state().value() + ".");
        }
    }

    /**
     * Ends an open upload and removes its bytes; a completed upload stays as it is (its media is deleted with
     * {@code DELETE /v1/media/{id}}), and ending one that had ended already changes nothing.
     */
    void end(UploadRecord upload) {
        if (upload.isOpen() && !rows.cancel(upload.uploadId()) && reread(upload).isOpen()) {
            throw new ProblemException(UploadProblem.UPLOAD_BUSY, "The upload is being written; retry.");
        }
        cleaner.removeStagedBytes(upload.subject());
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
}
