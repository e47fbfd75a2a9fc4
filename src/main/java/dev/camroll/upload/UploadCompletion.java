package dev.camroll.upload;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.camroll.api.ProblemException;
import dev.camroll.api.ProblemType;
import dev.camroll.consent.ConsentGate;
import dev.camroll.consent.ConsentRequiredException;
import dev.camroll.consent.Purpose;
import dev.camroll.identity.UserAccounts;
import dev.camroll.media.MediaLibrary;
import dev.camroll.storage.ObjectStore;
import dev.camroll.storage.StagedState;

import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The last byte has landed: the file is checked against its manifest line (whole-file SHA-256, and magic bytes
 * that show an accepted type of the announced kind) and, when it is the file announced, becomes media with its
 * analysis queued in one transaction. Otherwise the upload fails with {@code 422} and its bytes are removed. The
 * object never outlives a failure: whatever does not end as media is deleted.
 */
@Component
class UploadCompletion {

    private static final Logger log = LoggerFactory.getLogger(UploadCompletion.class);

    private final UploadRows rows;

    private final UploadSettings settings;

    private final ObjectStore store;

    private final MediaLibrary media;

    private final ConsentGate consent;

    private final UserAccounts accounts;

    private final TransactionTemplate transaction;

    UploadCompletion(UploadRows rows, UploadSettings settings, ObjectStore store, MediaLibrary media, ConsentGate consent,
            UserAccounts accounts, TransactionTemplate transaction) {
        this.rows = rows;
        this.settings = settings;
        this.store = store;
        this.media = media;
        this.consent = consent;
        this.accounts = accounts;
        this.transaction = transaction;
    }

    /**
     * @param sha256 the whole file's digest if it was computed while receiving, else null (it is read back)
     * @param head the file's first bytes
     */
    void complete(UploadRecord upload, StagedState state, String writer, String sha256, byte[] head) {
        store.staging().complete(state);
        String key = state.finalKey();
        try {
            String actual = sha256 != null ? sha256 : readBackSha256(key);
            if (!actual.equals(upload.sha256())) {
                fail(upload, writer, key, ProblemType.CONTENT_MISMATCH, "The file's SHA-256 is " + actual
                        + ", the manifest announced " + upload.sha256() + ". Announce the file again.");
            }
            String sniffed = ContentSniffer.reconcile(upload.mimeType(), ContentSniffer.mimeType(head));
            if (sniffed == null || !settings.accepts(sniffed, upload.kind())) {
                fail(upload, writer, key, ProblemType.UNSUPPORTED_MEDIA_TYPE, "The content is "
                        + (sniffed == null ? "of no type we recognise" : sniffed) + ", not an accepted "
                        + upload.kind() + " (" + String.join(", ", settings.acceptedMimeTypes()) + ").");
            }
            boolean stored = Boolean.TRUE.equals(transaction.execute(tx -> handOver(upload, writer, key, sniffed)));
            if (!stored) {
                // The user's other device brought the same content first; that media stands for this line too.
                store.delete(key);
            }
        }
        catch (RuntimeException e) {
            if (!(e instanceof ProblemException problem) || problem.type() != ProblemType.CONTENT_MISMATCH
                    && problem.type() != ProblemType.UNSUPPORTED_MEDIA_TYPE) {
                store.delete(key);
            }
            throw e;
        }
    }

    /** In one transaction, under the user's lock (a withdrawal takes it too): consent, media, analysis job. */
    private boolean handOver(UploadRecord upload, String writer, String key, String mimeType) {
        accounts.lock(upload.subject());
        if (!consent.isGiven(upload.subject(), Purpose.CLOUD_PROCESSING)) {
            throw new ConsentRequiredException(Purpose.CLOUD_PROCESSING);
        }
        boolean stored = media.store(new MediaLibrary.NewMedia(upload.mediaId(), upload.subject(), upload.deviceId(),
                upload.clientAssetId(), upload.kind(), mimeType, upload.length(), upload.sha256(), upload.capturedAt()));
        if (!rows.finish(upload.uploadId(), writer, "completed", null, null)) {
            throw new ProblemException(ProblemType.UPLOAD_GONE, "The upload ended while its last bytes were checked.");
        }
        return stored;
    }

    private void fail(UploadRecord upload, String writer, String key, ProblemType type, String detail) {
        store.delete(key);
        rows.finish(upload.uploadId(), writer, "failed", type.slug(), detail);
        throw new ProblemException(type, detail).withStatus(422);
    }

    private String readBackSha256(String key) {
        try (InputStream in = store.get(key)) {
            return UploadReceiver.sha256Of(in);
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
