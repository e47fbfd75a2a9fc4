package dev.camroll.media;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** What other modules may ask about a user's media. */
@Component
public class MediaLibrary {

    private final JdbcClient jdbc;

    MediaLibrary(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The user's media with this content, if stored. */
    public Optional<UUID> findBySha256(String subject, String sha256) {
        return jdbc.sql("SELECT media_id FROM media WHERE subject = ? AND sha256 = ?")
            .params(subject, sha256)
            .query(UUID.class)
            .optional();
    }

    /** The state (stored, processed, failed) of each of the given media that exists. */
    public Map<UUID, String> statesOf(Collection<UUID> mediaIds) {
        Map<UUID, String> states = new HashMap<>();
        if (mediaIds.isEmpty()) {
            return states;
        }
        jdbc.sql("SELECT media_id, state FROM media WHERE media_id = ANY(?)")
            .param(mediaIds.toArray(UUID[]::new))
            .query((rs, n) -> states.put(rs.getObject(1, UUID.class), rs.getString(2)))
            .list();
        return states;
    }

    /** Bytes the user's stored media take, for the quota. */
    public long storedBytes(String subject) {
        return jdbc.sql("SELECT coalesce(sum(size), 0) FROM media WHERE subject = ?").param(subject).query(Long.class).single();
    }
}
