package dev.camroll.media;

import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

import dev.camroll.identity.Subject;
import dev.camroll.identity.UserAccounts;
import dev.camroll.identity.UserAccounts.UserAccount;
import dev.camroll.storage.ObjectOwner;
import dev.camroll.storage.UserObjects;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The objects the media rows own, for the reconciler: each media's preview and thumbnail, and its original while the
 * row says it is kept (an original deleted after the analysis is gone on purpose), all under its user's prefix.
 */
@Component
class MediaObjects implements ObjectOwner {

    private static final Pattern KEY =
            UserObjects.keysOf(UserObjects.Kind.ORIGINAL, UserObjects.Kind.PREVIEW, UserObjects.Kind.THUMBNAIL);

    private final JdbcClient jdbc;

    private final UserAccounts accounts;

    MediaObjects(JdbcClient jdbc, UserAccounts accounts) {
        this.jdbc = jdbc;
        this.accounts = accounts;
    }

    private record Row(UUID mediaId, String subject, boolean originalKept) {}

    @Override
    public Set<String> owned(Collection<String> keys) {
        Set<UUID> ids = ObjectOwner.idsIn(keys, KEY);
        if (ids.isEmpty()) {
            return Set.of();
        }
        List<Row> rows = jdbc.sql("SELECT media_id, subject, original_kept FROM media WHERE media_id = ANY(?)")
                .param(ids.toArray(UUID[]::new))
                .query((rs, n) -> new Row(rs.getObject(1, UUID.class), rs.getString(2), rs.getBoolean(3)))
                .list();
        Map<String, String> userKeys = new HashMap<>();
        Set<String> owned = new HashSet<>();
        for (Row row : rows) {
            String userKey = userKeys.computeIfAbsent(
                    row.subject(),
                    subject -> accounts.find(Subject.of(subject))
                            .map(UserAccount::userKey)
                            .orElseThrow());
            if (row.originalKept()) {
                owned.add(MediaLibrary.originalKeyUnder(userKey, row.mediaId()));
            }
            owned.add(MediaLibrary.previewKeyUnder(userKey, row.mediaId()));
            owned.add(MediaLibrary.thumbnailKeyUnder(userKey, row.mediaId()));
        }
        owned.retainAll(Set.copyOf(keys));
        return owned;
    }
}
