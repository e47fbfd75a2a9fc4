package dev.camroll.suggestions;

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
 * The objects the suggestions own, for the reconciler: the rendered image of each suggestion not removed (a removed
 * suggestion's image is deleted after the build that removed it commits).
 */
@Component
class SuggestionImages implements ObjectOwner {

    private static final Pattern KEY = UserObjects.keysOf(UserObjects.Kind.RENDER);

    private final JdbcClient jdbc;

    private final UserAccounts accounts;

    SuggestionImages(JdbcClient jdbc, UserAccounts accounts) {
        this.jdbc = jdbc;
        this.accounts = accounts;
    }

    private record Row(UUID suggestionId, String subject) {}

    @Override
    public Set<String> owned(Collection<String> keys) {
        Set<UUID> ids = ObjectOwner.idsIn(keys, KEY);
        if (ids.isEmpty()) {
            return Set.of();
        }
        List<Row> rows = jdbc.sql(
                        "SELECT suggestion_id, subject FROM suggestions WHERE suggestion_id = ANY(?) AND removed_at IS NULL")
                .param(ids.toArray(UUID[]::new))
                .query((rs, n) -> new Row(rs.getObject(1, UUID.class), rs.getString(2)))
                .list();
        Map<String, String> userKeys = new HashMap<>();
        Set<String> owned = new HashSet<>();
        for (Row row : rows) {
            String userKey = userKeys.computeIfAbsent(
                    row.subject(),
                    subject -> accounts.find(Subject.of(subject))
                            .map(UserAccount::userKey)
                            .orElseThrow());
            owned.add(SuggestionRendering.imageKey(userKey, row.suggestionId()));
        }
        owned.retainAll(Set.copyOf(keys));
        return owned;
    }
}
