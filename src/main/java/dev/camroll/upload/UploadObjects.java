package dev.camroll.upload;

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
import dev.camroll.media.MediaLibrary;
import dev.camroll.storage.ObjectOwner;
import dev.camroll.storage.UserObjects;
import org.springframework.jdbc.core.simple.JdbcClient;
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

    private final JdbcClient jdbc;

    private final UserAccounts accounts;

    UploadObjects(JdbcClient jdbc, UserAccounts accounts) {
        this.jdbc = jdbc;
        this.accounts = accounts;
    }

    private record Row(UUID uploadId, String subject, UUID mediaId) {}

    @Override
    public Set<String> owned(Collection<String> keys) {
        Set<String> owned = new HashSet<>();
        Set<UUID> uploadIds = ObjectOwner.idsIn(keys, STAGED);
        Set<UUID> mediaIds = ObjectOwner.idsIn(keys, FINAL);
        if (uploadIds.isEmpty() && mediaIds.isEmpty()) {
            return owned;
        }
        List<Row> rows = rowsWithBytes(uploadIds, mediaIds);
        Set<UUID> staged = new HashSet<>();
        rows.forEach(row -> staged.add(row.uploadId()));
        for (String key : keys) {
            Matcher matcher = STAGED.matcher(key);
            if (matcher.matches() && staged.contains(UUID.fromString(matcher.group(1)))) {
                owned.add(key);
            }
        }
        owned.addAll(stagedTo(keys, rows));
        return owned;
    }

    @Override
    public Set<String> stagedTo(Collection<String> keys) {
        Set<UUID> mediaIds = ObjectOwner.idsIn(keys, FINAL);
        return mediaIds.isEmpty() ? Set.of() : stagedTo(keys, rowsWithBytes(Set.of(), mediaIds));
    }

    /** Of {@code keys}, the final keys of these uploads. */
    private Set<String> stagedTo(Collection<String> keys, List<Row> rows) {
        Map<String, String> userKeys = new HashMap<>();
        Set<String> owned = new HashSet<>();
        for (Row row : rows) {
            String userKey = userKeys.computeIfAbsent(
                    row.subject(),
                    subject -> accounts.find(Subject.of(subject))
                            .map(UserAccount::userKey)
                            .orElseThrow());
            owned.add(MediaLibrary.originalKeyUnder(userKey, row.mediaId()));
        }
        owned.retainAll(Set.copyOf(keys));
        return owned;
    }

    /**
     * The uploads that may have bytes in the store: open ones (a request may be staging, even before it recorded its
     * first state) and ended ones whose bytes are still to be removed.
     */
    private List<Row> rowsWithBytes(Set<UUID> uploadIds, Set<UUID> mediaIds) {
        return jdbc.sql("""
                SELECT upload_id, subject, media_id FROM uploads
                WHERE (upload_id = ANY(?) OR media_id = ANY(?)) AND (state = 'open' OR staging IS NOT NULL)
                """)
                .params(uploadIds.toArray(UUID[]::new), mediaIds.toArray(UUID[]::new))
                .query((rs, n) -> new Row(rs.getObject(1, UUID.class), rs.getString(2), rs.getObject(3, UUID.class)))
                .list();
    }
}
