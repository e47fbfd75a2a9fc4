package dev.camroll.upload.internal;

import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import dev.camroll.identity.Subject;
import dev.camroll.identity.UserAccounts;
import dev.camroll.identity.UserAccounts.UserAccount;
import dev.camroll.media.MediaId;
import dev.camroll.media.MediaLibrary;
import dev.camroll.privacy.PersonalData;
import dev.camroll.privacy.PurgeScope;
import dev.camroll.storage.ObjectStore;
import org.springframework.stereotype.Component;

/**
 * A user's uploads in a purge: requests still writing are waited for, staged bytes removed (those the rows record,
 * then whatever is left at the keys of every upload that never completed), then the rows.
 */
@Component
class UploadErasure implements PersonalData {

    private static final int BATCH = 100;

    private final UploadRows rows;

    private final StagedBytes bytes;

    private final ObjectStore store;

    private final UserAccounts accounts;

    UploadErasure(UploadRows rows, StagedBytes bytes, ObjectStore store, UserAccounts accounts) {
        this.rows = rows;
        this.bytes = bytes;
        this.store = store;
        this.accounts = accounts;
    }

    /** A request holding a write lease may still stage bytes or complete them to the final key. */
    @Override
    public boolean writing(Subject user) {
        String subject = user.value();
        return rows.anyWriting(subject);
    }

    @Override
    public void removeBytesOutsidePrefix(Subject user, Consumer<List<String>> beforeDeleting) {
        String subject = user.value();
        List<UploadRows.StagedToRemove> ended = rows.withStagedBytesToRemove(subject, BATCH);
        while (!ended.isEmpty()) {
            beforeDeleting.accept(ended.stream()
                    .map(upload -> StagedBytes.state(upload.staging()).stagingKey())
                    .toList());
            for (UploadRows.StagedToRemove upload : ended) {
                if (!bytes.remove(upload.uploadId(), upload.staging())) {
                    throw new IllegalStateException(
                            "the staged bytes of upload " + upload.uploadId() + " could not be removed yet");
                }
            }
            ended = rows.withStagedBytesToRemove(subject, BATCH);
        }
        // Then every upload that never completed by its keys, whatever its row records: a writer that outlived its
        // lease may have staged bytes after the upload's were removed, or died before it could remove them. On S3
        // this lists and aborts the multipart uploads to the upload's final key by that exact key, which MinIO
        // lists too, where a listing of the user's prefix finds none.
        String userKey =
                accounts.find(Subject.of(subject)).map(UserAccount::userKey).orElse(null);
        if (userKey == null) {
            return;
        }
        for (UploadRows.NeverCompleted upload : rows.neverCompleted(subject)) {
            String stagingKey = StagedBytes.stagingKey(upload.uploadId());
            String finalKey = MediaLibrary.originalKeyUnder(userKey, MediaId.of(upload.mediaId()));
            // Two listings for an upload that left nothing (the usual case), rather than a discard's four requests.
            List<String> left = store.list(stagingKey);
            if (!left.isEmpty() || stagesTo(finalKey)) {
                if (!left.isEmpty()) {
                    beforeDeleting.accept(left);
                }
                store.staging().discard(stagingKey, finalKey);
            }
        }
    }

    /** Whether an unfinished upload (S3) targets the key; when the store cannot tell, it may. */
    private boolean stagesTo(String finalKey) {
        try {
            return store.staging().unfinished(finalKey).stream()
                    .anyMatch(upload -> upload.key().equals(finalKey));
        } catch (UncheckedIOException e) {
            return true;
        }
    }

    @Override
    public Map<String, Integer> erase(Subject user, PurgeScope scope) {
        String subject = user.value();
        return Map.of("uploads", rows.deleteAllOf(subject));
    }
}
