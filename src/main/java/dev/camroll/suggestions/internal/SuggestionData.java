package dev.camroll.suggestions.internal;

import java.util.Comparator;
import java.util.Map;
import java.util.function.Consumer;

import dev.camroll.identity.Subject;
import dev.camroll.privacy.ExportSection;
import dev.camroll.privacy.PersonalData;
import dev.camroll.privacy.PurgeScope;
import org.springframework.stereotype.Component;

/**
 * A user's suggestions and occasions, in a purge and in the export. The purge deletes every suggestion, dismissed
 * ones and tombstones too; rendered images live under the user's prefix, which the purge deletes itself. The export
 * holds the suggestions that hold, dismissed ones too, without their images.
 */
@Component
class SuggestionData implements PersonalData {

    private final Suggestions suggestions;

    private final Occasions occasions;

    SuggestionData(Suggestions suggestions, Occasions occasions) {
        this.suggestions = suggestions;
        this.occasions = occasions;
    }

    @Override
    public Map<String, Integer> erase(Subject user, PurgeScope scope) {
        String subject = user.value();
        return Map.of("suggestions", suggestions.eraseAll(subject), "occasions", occasions.deleteBySubject(subject));
    }

    /**
     * The suggestions as {@code GET /v1/suggestions} shows them, newest first, dismissed ones too (tombstones are not
     * the user's data, only the news of a removal), and the occasions in the order given. Both are few per user (the
     * suggestions are rebuilt, not accumulated), so each is read in one go.
     */
    @Override
    public void export(Subject user, ExportSection section, Consumer<Object> items) {
        String subject = user.value();
        if (section == ExportSection.SUGGESTIONS) {
            suggestions.current(subject).stream()
                    .sorted(Comparator.comparing(StoredSuggestion::suggestionId).reversed())
                    .map(SuggestionController.SuggestionItem::of)
                    .forEach(items);
        } else if (section == ExportSection.OCCASIONS) {
            occasions.of(subject).forEach(items);
        }
    }
}
