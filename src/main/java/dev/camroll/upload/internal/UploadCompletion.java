package dev.camroll.upload.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.UUID;

import dev.camroll.api.CommonProblem;
import dev.camroll.api.ProblemException;
import dev.camroll.api.ProblemType;
import dev.camroll.consent.ConsentGate;
import dev.camroll.consent.ConsentRequiredException;
import dev.camroll.consent.Purpose;
import dev.camroll.identity.Subject;
import dev.camroll.identity.UserAccounts;
import dev.camroll.media.MediaId;
import dev.camroll.media.MediaLibrary;
import dev.camroll.storage.ObjectNotFoundException;
import dev.camroll.storage.ObjectStore;
import dev.camroll.storage.StagedState;
import dev.camroll.upload.UploadProblem;
import dev.camroll.upload.UploadSettings;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The last byte has landed: the file is checked against its manifest line (whole-file SHA-256, and magic bytes
 * that show an accepted type of the announced kind) and, when it is the file announced, becomes media with its
 * analysis queued in one transaction. A file that is not the one announced fails with {@code 422} and its bytes
 * are removed at once. Any other failure (a lock wait, the database, the store) removes nothing: the upload stays
 * open with every byte in place, and a retry, or the sweep, completes it.
 */
@Component
class UploadCompletion {

    private final UploadRows rows;

    private final UploadSettings settings;

    private final ObjectStore store;

    private final MediaLibrary media;

    private final ConsentGate consent;

    private final UserAccounts accounts;

    private final StagedBytes bytes;

    private final TransactionTemplate transaction;

    UploadCompletion(
            UploadRows rows,
            UploadSettings settings,
            ObjectStore store,
            MediaLibrary media,
            ConsentGate consent,
            UserAccounts accounts,
            StagedBytes bytes,
            TransactionTemplate transaction) {
        this.rows = rows;
        this.settings = settings;
        this.store = store;
        this.media = media;
        this.consent = consent;
        this.accounts = accounts;
        this.bytes = bytes;
        this.transaction = transaction;
    }

    /** @param sha256 the whole file's digest if it was computed while receiving, else null (it is read back) */
    void complete(UploadRecord upload, StagedState state, String writer, @Nullable String sha256) {
        try {
            store.staging().complete(state); // idempotent: a retry after a failure below finds the object in place
        } catch (ObjectNotFoundException gone) {
            rows.fail(upload.uploadId(), writer, UploadProblem.UPLOAD_GONE.slug(), "The staged bytes are gone.");
            throw new ProblemException(
                    UploadProblem.UPLOAD_GONE, "The bytes of this upload are gone; announce the file again.");
        }
        String key = state.finalKey();
        String actual;
        byte[] head;
        try {
            actual = sha256 != null ? sha256 : readBackSha256(key);
            head = readHead(key);
        } catch (ObjectNotFoundException removed) {
            throw endedMeanwhile(upload, state);
        }
        if (!actual.equals(upload.sha256())) {
            fail(
                    upload,
                    writer,
                    key,
                    UploadProblem.CONTENT_MISMATCH,
                    "The file's SHA-256 is " + actual + ", the manifest announced " + upload.sha256()
                            + ". Announce the file again.");
        }
        String sniffed = ContentSniffer.reconcile(upload.mimeType(), ContentSniffer.mimeType(head));
        if (sniffed == null || !settings.accepts(sniffed, upload.kind())) {
            fail(
                    upload,
                    writer,
                    key,
                    CommonProblem.UNSUPPORTED_MEDIA_TYPE,
                    "The content is "
                            + (sniffed == null ? "of no type we recognise" : sniffed) + ", not an accepted "
                            + upload.kind()
                            + " (" + String.join(", ", settings.acceptedMimeTypes()) + ").");
        }
        UUID holder;
        try {
            holder = transaction.execute(tx -> handOver(upload, writer, StagedBytes.json(state), sniffed));
        } catch (ProblemException ended) {
            // Consent withdrawn, or the upload ended, while its last bytes were completed and checked: the object may
            // have landed after whoever ended the upload removed its bytes (or after the purge), so it goes now.
            bytes.removeIfEnded(upload.uploadId(), upload.subject(), StagedBytes.json(state));
            throw ended;
        }
        if (!holder.equals(upload.mediaId())) {
            // The same content arrived first through another upload; that media stands for this one, and this copy
            // goes.
            bytes.remove(upload.uploadId(), StagedBytes.json(state));
        }
    }

    /**
     * The completed object went before it could be checked: whoever ended the upload meanwhile removed it (the purge
     * after a withdrawal deletes the user's prefix, a termination the upload's bytes). The answer is the one of an
     * upload that ended while its request wrote: 403 when consent was withdrawn, else upload-gone.
     */
    private ProblemException endedMeanwhile(UploadRecord upload, StagedState state) {
        bytes.removeIfEnded(upload.uploadId(), upload.subject(), StagedBytes.json(state));
        if (!consent.isGiven(Subject.of(upload.subject()), Purpose.CLOUD_PROCESSING)) {
            return new ConsentRequiredException(Purpose.CLOUD_PROCESSING);
        }
        return new ProblemException(UploadProblem.UPLOAD_GONE, "The upload ended while it was being completed.");
    }

    /** In one transaction, under the user's lock (a withdrawal takes it too): consent, media, analysis job. */
    private UUID handOver(UploadRecord upload, String writer, String staging, String mimeType) {
        accounts.lock(Subject.of(upload.subject()));
        if (!consent.isGiven(Subject.of(upload.subject()), Purpose.CLOUD_PROCESSING)) {
            // The withdrawal cancelled the upload; its bytes go with the other cancelled ones.
            throw new ConsentRequiredException(Purpose.CLOUD_PROCESSING);
        }
        UUID holder = media.store(new MediaLibrary.NewMedia(
                        MediaId.of(upload.mediaId()),
                        Subject.of(upload.subject()),
                        upload.deviceId(),
                        upload.clientAssetId(),
                        upload.kind(),
                        mimeType,
                        upload.length(),
                        upload.sha256(),
                        upload.capturedAt()))
                .value();
        if (!rows.complete(upload.uploadId(), writer, holder, !holder.equals(upload.mediaId()))) {
            throw new ProblemException(
                    UploadProblem.UPLOAD_GONE, "The upload ended while its last bytes were checked.");
        }
        return holder;
    }

    private void fail(UploadRecord upload, String writer, String key, ProblemType type, String detail) {
        store.delete(key);
        rows.fail(upload.uploadId(), writer, type.slug(), detail);
        throw new ProblemException(type, detail).withStatus(422);
    }

    private String readBackSha256(String key) {
        try (InputStream in = store.get(key)) {
            return UploadReceiver.sha256Of(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The file's first bytes, read from the stored object whichever requests brought them. */
    private byte[] readHead(String key) {
        try (InputStream in = store.get(key)) {
            return in.readNBytes(ContentSniffer.HEAD_BYTES);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
