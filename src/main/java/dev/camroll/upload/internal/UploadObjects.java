package dev.camroll.upload.internal;

import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.camroll.identity.Subject;
import dev.camroll.identity.UserAccounts;
import dev.camroll.identity.UserAccounts.UserAccount;
import dev.camroll.media.MediaId;
import dev.camroll.media.MediaLibrary;
import dev.camroll.storage.ObjectOwner;
import dev.camroll.storage.UserObjects;
import org.springframework.stereotype.Component;

/**
 * The objects the upload rows own, for the reconciler: the bytes under an upload's staging key and at its final key
 * (where the S3 adapter's multipart uploads go too) while the upload is open or its bytes are still to be removed.
 * After that its media owns the final key, if it became one.
 */
@Component
class UploadObjects implements ObjectOwner {

    /** {@code staging/{uploadId}}, and what an adapter keeps under it ({@code staging/{uploadId}/tail-00001}). */
    private static final Pattern STAGED = Pattern.compile("staging/" + ObjectOwner.ID + "(?:/.*)?");

    private static final Pattern FINAL = UserObjects.keysOf(UserObjects.Kind.ORIGINAL);

    private final UploadRows rows;

    private final UserAccounts accounts;

    UploadObjects(UploadRows rows, UserAccounts accounts) {
        this.rows = rows;
        this.accounts = accounts;
    }

    @Override
    public Set<String> owned(Collection<String> keys) {
        Set<String> owned = new HashSet<>();
        Set<UUID> uploadIds = ObjectOwner.idsIn(keys, STAGED);
        Set<UUID> mediaIds = ObjectOwner.idsIn(keys, FINAL);
        if (uploadIds.isEmpty() && mediaIds.isEmpty()) {
            return owned;
        }
        List<UploadRows.WithBytes> uploads = rows.withBytes(uploadIds, mediaIds);
        Set<UUID> staged = new HashSet<>();
        uploads.forEach(upload -> staged.add(upload.uploadId().value()));
        for (String key : keys) {
            Matcher matcher = STAGED.matcher(key);
            if (matcher.matches() && staged.contains(UUID.fromString(matcher.group(1)))) {
                owned.add(key);
            }
        }
        owned.addAll(stagedTo(keys, uploads));
        return owned;
    }

    @Override
    public Set<String> stagedTo(Collection<String> keys) {
        Set<UUID> mediaIds = ObjectOwner.idsIn(keys, FINAL);
        return mediaIds.isEmpty() ? Set.of() : stagedTo(keys, rows.withBytes(Set.of(), mediaIds));
    }

    /** Of {@code keys}, the final keys of these uploads. */
    private Set<String> stagedTo(Collection<String> keys, List<UploadRows.WithBytes> uploads) {
        Map<String, String> userKeys = new HashMap<>();
        Set<String> owned = new HashSet<>();
        for (UploadRows.WithBytes upload : uploads) {
            String userKey = userKeys.computeIfAbsent(
                    upload.subject(),
                    subject -> accounts.find(Subject.of(subject))
                            .map(UserAccount::userKey)
                            .orElseThrow());
            owned.add(MediaLibrary.originalKeyUnder(userKey, MediaId.of(upload.mediaId())));
        }
        owned.retainAll(Set.copyOf(keys));
        return owned;
    }
}
