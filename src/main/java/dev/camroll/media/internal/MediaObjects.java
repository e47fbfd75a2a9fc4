package dev.camroll.media.internal;

import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

import dev.camroll.identity.Subject;
import dev.camroll.identity.UserAccounts;
import dev.camroll.identity.UserAccounts.UserAccount;
import dev.camroll.storage.ObjectOwner;
import dev.camroll.storage.UserObjects;
import org.springframework.stereotype.Component;

/**
 * The objects the media rows own, for the reconciler: each media's preview and thumbnail, and its original while the
 * row says it is kept (an original deleted after the analysis is gone on purpose), all under its user's prefix.
 */
@Component
class MediaObjects implements ObjectOwner {

    private static final Pattern KEY =
            UserObjects.keysOf(UserObjects.Kind.ORIGINAL, UserObjects.Kind.PREVIEW, UserObjects.Kind.THUMBNAIL);

    private final MediaRows rows;

    private final UserAccounts accounts;

    MediaObjects(MediaRows rows, UserAccounts accounts) {
        this.rows = rows;
        this.accounts = accounts;
    }

    @Override
    public Set<String> owned(Collection<String> keys) {
        Set<UUID> ids = ObjectOwner.idsIn(keys, KEY);
        if (ids.isEmpty()) {
            return Set.of();
        }
        Map<Subject, UserObjects> objects = new HashMap<>();
        Set<String> owned = new HashSet<>();
        for (MediaRows.Owner row : rows.owners(ids)) {
            UserObjects userObjects = objects.computeIfAbsent(
                    row.subject(),
                    subject -> new UserObjects(
                            accounts.find(subject).map(UserAccount::userKey).orElseThrow()));
            UUID mediaId = row.mediaId().value();
            if (row.originalKept()) {
                owned.add(userObjects.original(mediaId));
            }
            owned.add(userObjects.preview(mediaId));
            owned.add(userObjects.thumbnail(mediaId));
        }
        owned.retainAll(Set.copyOf(keys));
        return owned;
    }
}
