package dev.camroll.suggestions.internal;

import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import dev.camroll.identity.Subject;
import dev.camroll.identity.UserAccounts;
import dev.camroll.identity.UserAccounts.UserAccount;
import dev.camroll.storage.ObjectOwner;
import dev.camroll.storage.UserObjects;
import dev.camroll.suggestions.SuggestionId;
import org.springframework.stereotype.Component;

/**
 * The objects the suggestions own, for the reconciler: the rendered image of each suggestion not removed (a removed
 * suggestion's image is deleted after the build that removed it commits).
 */
@Component
class SuggestionImages implements ObjectOwner {

    private static final Pattern KEY = UserObjects.keysOf(UserObjects.Kind.RENDER);

    private final Suggestions suggestions;

    private final UserAccounts accounts;

    SuggestionImages(Suggestions suggestions, UserAccounts accounts) {
        this.suggestions = suggestions;
        this.accounts = accounts;
    }

    @Override
    public Set<String> owned(Collection<String> keys) {
        Set<SuggestionId> ids =
                ObjectOwner.idsIn(keys, KEY).stream().map(SuggestionId::new).collect(Collectors.toSet());
        if (ids.isEmpty()) {
            return Set.of();
        }
        Map<String, String> userKeys = new HashMap<>();
        Set<String> owned = new HashSet<>();
        for (Suggestions.Owned row : suggestions.notRemoved(ids)) {
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
