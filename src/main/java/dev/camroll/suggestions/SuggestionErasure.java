package dev.camroll.suggestions;

import java.util.Map;

import dev.camroll.privacy.PersonalData;
import dev.camroll.privacy.PurgeScope;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * A user's suggestions in a purge, dismissed ones and tombstones too, and their occasions; rendered images live under
 * the user's prefix, which the purge deletes itself.
 */
@Component
class SuggestionErasure implements PersonalData {

    private final JdbcClient jdbc;

    SuggestionErasure(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public Map<String, Integer> erase(String subject, PurgeScope scope) {
        return Map.of("suggestions", jdbc.sql("DELETE FROM suggestions WHERE subject = ?").param(subject).update(),
                "occasions", jdbc.sql("DELETE FROM occasions WHERE subject = ?").param(subject).update());
    }
}
