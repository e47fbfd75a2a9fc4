package dev.camroll.media;

import java.io.InputStream;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import dev.camroll.identity.Subject;
import dev.camroll.identity.UserAccounts;
import dev.camroll.jobs.JobQueue;
import dev.camroll.storage.ObjectStore;
import dev.camroll.storage.UserObjects;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/** What other modules may ask of a user's media, and how stored files become media. */
@Component
public class MediaLibrary {

    /** The job that analyses one stored media; its handler comes with the media analysis. */

    /** A media's states, in the order it goes through them (the media table's check constraint). */
    private static final List<String> STATES = List.of("stored", "processed", "failed");

    /** A file whose bytes are stored and verified, to become the user's media. */
    public record NewMedia(
            UUID mediaId,
            String subject,
            String deviceId,
            String clientAssetId,
            String kind,
            String mimeType,
            long size,
            String sha256,
            Instant capturedAt) {}

    private final JdbcClient jdbc;

    private final UserAccounts accounts;

    private final JobQueue jobs;

    private final Clock clock;

    private final ObjectStore store;

    private final ApplicationEventPublisher events;

    MediaLibrary(
            JdbcClient jdbc,
            UserAccounts accounts,
            JobQueue jobs,
            Clock clock,
            ObjectStore store,
            ApplicationEventPublisher events) {
        this.store = store;
        this.events = events;
        this.jdbc = jdbc;
        this.accounts = accounts;
        this.jobs = jobs;
        this.clock = clock;
    }

    /** Where the original of a media lives in the object store: under the user's random prefix, never the subject. */
    public String originalKey(String subject, UUID mediaId) {
        return originalKeyUnder(userKey(subject), mediaId);
    }

    /** {@link #originalKey} for a user whose storage key the caller knows. */
    public static String originalKeyUnder(String userKey, UUID mediaId) {
        return new UserObjects(userKey).original(mediaId);
    }

    String userKey(String subject) {
        return accounts.find(subject).orElseThrow().userKey();
    }

    /**
     * Deletes a media: its original, preview and thumbnail, then its row, and announces it ({@link MediaDeleted}). In
     * that order a failure leaves the row to delete again, never objects that nothing refers to. The row is locked
     * first, so an analysis that ends meanwhile waits for the deletion, then finds the media gone and removes what it
     * wrote.
     */
    @Transactional
    void delete(String subject, UUID mediaId) {
        jdbc.sql("SELECT media_id FROM media WHERE media_id = ? AND subject = ? FOR UPDATE")
                .params(mediaId, subject)
                .query(UUID.class)
                .optional();
        store.delete(originalKey(subject, mediaId));
        deleteDerivatives(subject, mediaId);
        if (jdbc.sql("DELETE FROM media WHERE media_id = ? AND subject = ?")
                        .params(mediaId, subject)
                        .update()
                == 1) {
            events.publishEvent(new MediaDeleted(subject, mediaId));
        }
    }

    /** Deletes a media's preview and thumbnail. */
    void deleteDerivatives(String subject, UUID mediaId) {
        store.delete(previewKey(subject, mediaId));
        store.delete(thumbnailKey(subject, mediaId));
    }

    String previewKey(String subject, UUID mediaId) {
        return previewKeyUnder(userKey(subject), mediaId);
    }

    static String previewKeyUnder(String userKey, UUID mediaId) {
        return new UserObjects(userKey).preview(mediaId);
    }

    String thumbnailKey(String subject, UUID mediaId) {
        return thumbnailKeyUnder(userKey(subject), mediaId);
    }

    static String thumbnailKeyUnder(String userKey, UUID mediaId) {
        return new UserObjects(userKey).thumbnail(mediaId);
    }

    /** Deletes a media's original (its preview stays) and records that it is gone. */
    void deleteOriginal(String subject, UUID mediaId) {
        store.delete(originalKey(subject, mediaId));
        jdbc.sql("UPDATE media SET original_kept = false WHERE media_id = ?")
                .param(mediaId)
                .update();
    }

    /**
     * Records stored bytes as the user's media and queues their analysis, both in the caller's transaction. Answers
     * the media that holds the content: this one, or the user's existing media with the same content (then nothing
     * is recorded).
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public UUID store(NewMedia media) {
        Timestamp now = Timestamp.from(clock.instant());
        boolean inserted = jdbc.sql("""
                INSERT INTO media (media_id, subject, device_id, client_asset_id, kind, mime_type, size, sha256,
                    captured_at, state, created_at, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'stored', ?, ?)
                ON CONFLICT (subject, sha256) DO NOTHING
                """)
                        .params(
                                media.mediaId(),
                                media.subject(),
                                media.deviceId(),
                                media.clientAssetId(),
                                media.kind(),
                                media.mimeType(),
                                media.size(),
                                media.sha256(),
                                media.capturedAt() == null ? null : Timestamp.from(media.capturedAt()),
                                now,
                                now)
                        .update()
                == 1;
        if (!inserted) {
            return findBySha256(media.subject(), media.sha256()).orElseThrow();
        }
        jobs.enqueue(MediaJobs.ANALYZE_MEDIA, Subject.of(media.subject()), new MediaJobs.AnalyzeMedia(media.mediaId()));
        return media.mediaId();
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

    /** Whether any of the given media still awaits its analysis (is {@code stored}). */
    public boolean anyAwaitingAnalysis(Collection<UUID> mediaIds) {
        return !mediaIds.isEmpty()
                && jdbc.sql("SELECT EXISTS (SELECT 1 FROM media WHERE media_id = ANY(?) AND state = 'stored')")
                        .param(mediaIds.toArray(UUID[]::new))
                        .query(Boolean.class)
                        .single();
    }

    /** The users who have processed media (those whose suggestions a nightly build may refresh). */
    public List<String> subjectsWithProcessedMedia() {
        return jdbc.sql("SELECT DISTINCT subject FROM media WHERE state = 'processed'")
                .query(String.class)
                .list();
    }

    /**
     * How many of the user's media are in each state ({@code stored}, {@code processed}, {@code failed}, in that
     * order, zeros included): counts only, never anything about a photo.
     */
    public Map<String, Long> countsByState(String subject) {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (String state : STATES) {
            counts.put(state, 0L);
        }
        jdbc.sql("SELECT state, count(*) FROM media WHERE subject = ? GROUP BY state")
                .param(subject)
                .query((rs, n) -> counts.put(rs.getString(1), rs.getLong(2)))
                .list();
        return counts;
    }

    /**
     * The user's processed photos that have a preview, in local capture order: what suggestions are made of.
     */
    public List<Shot> shots(String subject) {
        return jdbc.sql("""
                SELECT media_id,
                    coalesce(captured_at_local, coalesce(captured_at, created_at) AT TIME ZONE 'UTC') AS taken_local,
                    coalesce(captured_at, created_at), latitude, longitude, width, height, difference_hash, sharpness,
                    brightness, colourfulness, warmth
                FROM media
                WHERE subject = ? AND state = 'processed' AND has_preview AND difference_hash IS NOT NULL
                ORDER BY taken_local, media_id
                """)
                .param(subject)
                .query((rs, n) -> new Shot(
                        rs.getObject(1, UUID.class),
                        rs.getObject(2, LocalDateTime.class),
                        rs.getObject(3, OffsetDateTime.class).toInstant(),
                        rs.getObject(4, Double.class),
                        rs.getObject(5, Double.class),
                        rs.getInt(6),
                        rs.getInt(7),
                        rs.getLong(8),
                        rs.getDouble(9),
                        rs.getDouble(10),
                        rs.getDouble(11),
                        rs.getDouble(12)))
                .list();
    }

    /** Opens the preview (upright JPEG, longest side 1280 px) of one of the user's processed media. */
    public InputStream openPreview(String subject, UUID mediaId) {
        return store.get(previewKey(subject, mediaId));
    }

    /** Bytes the user's stored media take, for the quota. */
    public long storedBytes(String subject) {
        return jdbc.sql("SELECT coalesce(sum(size), 0) FROM media WHERE subject = ?")
                .param(subject)
                .query(Long.class)
                .single();
    }
}
