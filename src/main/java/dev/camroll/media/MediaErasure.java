package dev.camroll.media;

import java.util.Map;

import dev.camroll.privacy.PersonalData;
import dev.camroll.privacy.PurgeScope;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** A user's media rows in a purge; their objects live under the user's prefix, which the purge deletes itself. */
@Component
class MediaErasure implements PersonalData {

    private final JdbcClient jdbc;

    MediaErasure(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public Map<String, Integer> erase(String subject, PurgeScope scope) {
        return Map.of("media", jdbc.sql("DELETE FROM media WHERE subject = ?").param(subject).update());
    }
}
