package dev.camroll.media.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import dev.camroll.api.ProblemType;
import dev.camroll.identity.Subject;
import dev.camroll.media.MediaId;
import dev.camroll.media.MediaLibrary.NewMedia;
import dev.camroll.media.MediaState;
import dev.camroll.media.Shot;
import dev.camroll.media.internal.MediaItems.Camera;
import dev.camroll.media.internal.MediaItems.Location;
import dev.camroll.media.internal.MediaItems.MediaItem;
import dev.camroll.media.internal.MediaItems.MediaProblem;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The media table's one owner: every statement on {@code media} is here, and rows leave it as records with a
 * {@link MediaState} and a {@link MediaId}. JdbcClient rather than JPA: the table is written by an
 * {@code ON CONFLICT} insert, set-based updates and a purge's bulk delete, read by id arrays, keyset pages and row
 * locks, none of them an entity's load-and-save.
 */
@Component
class MediaRows {

    /** A media as its analysis starts from it. */
    record Stored(
            MediaId mediaId,
            Subject subject,
            String kind,
            String mimeType,
            MediaState state,
            boolean originalKept,
            long size) {

        boolean isVideo() {
            return "video".equals(kind);
        }
    }

    /** Which user a media belongs to and whether its original is kept: what its objects are. */
    record Owner(MediaId mediaId, Subject subject, boolean originalKept) {}

    /** What an analysis learnt, as the media row records it. */
    record Analysed(
            MediaState state,
            @Nullable AnalysisProblem problem,
            MediaFacts facts,
            @Nullable Integer width,
            @Nullable Integer height,
            boolean hasPreview,
            @Nullable ImageMeasures measures) {}

    private static final String ITEM_COLUMNS = """
            SELECT media_id, client_asset_id, device_id, kind, mime_type, size, sha256, captured_at, state,
                problem_type, problem_detail, captured_at_local, captured_offset, width, height, latitude, longitude,
                camera_make, camera_model, duration_seconds, has_preview, original_kept FROM media
            """;

    private final JdbcClient jdbc;

    MediaRows(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Records stored bytes as a media, unless the user has one with that content; whether it was recorded. */
    boolean insert(NewMedia media, Instant now) {
        // ON CONFLICT: a concurrent hand-over of the same content must neither fail nor record it twice.
        return jdbc.sql("""
                INSERT INTO media (media_id, subject, device_id, client_asset_id, kind, mime_type, size, sha256,
                    captured_at, state, created_at, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (subject, sha256) DO NOTHING
                """)
                        .params(
                                media.mediaId().value(),
                                media.subject().value(),
                                media.deviceId(),
                                media.clientAssetId(),
                                media.kind(),
                                media.mimeType(),
                                media.size(),
                                media.sha256(),
                                timestamp(media.capturedAt()),
                                MediaState.STORED.value(),
                                Timestamp.from(now),
                                Timestamp.from(now))
                        .update()
                == 1;
    }

    Optional<MediaId> findBySha256(Subject subject, String sha256) {
        return jdbc.sql("SELECT media_id FROM media WHERE subject = ? AND sha256 = ?")
                .params(subject.value(), sha256)
                .query(UUID.class)
                .optional()
                .map(MediaId::new);
    }

    Optional<Stored> find(MediaId mediaId) {
        return jdbc.sql("""
                SELECT media_id, subject, kind, mime_type, state, original_kept, size FROM media WHERE media_id = ?
                """)
                .param(mediaId.value())
                .query((rs, n) -> new Stored(
                        new MediaId(rs.getObject(1, UUID.class)),
                        new Subject(rs.getString(2)),
                        rs.getString(3),
                        rs.getString(4),
                        MediaState.of(rs.getString(5)),
                        rs.getBoolean(6),
                        rs.getLong(7)))
                .optional();
    }

    Map<MediaId, MediaState> statesOf(Collection<MediaId> mediaIds) {
        Map<MediaId, MediaState> states = new HashMap<>();
        if (mediaIds.isEmpty()) {
            return states;
        }
        jdbc.sql("SELECT media_id, state FROM media WHERE media_id = ANY(?)")
                .param(array(mediaIds))
                .query((rs, n) -> states.put(new MediaId(rs.getObject(1, UUID.class)), MediaState.of(rs.getString(2))))
                .list();
        return states;
    }

    boolean anyIn(MediaState state, Collection<MediaId> mediaIds) {
        return !mediaIds.isEmpty()
                && jdbc.sql("SELECT EXISTS (SELECT 1 FROM media WHERE media_id = ANY(?) AND state = ?)")
                        .params(array(mediaIds), state.value())
                        .query(Boolean.class)
                        .single();
    }

    List<Subject> subjectsWith(MediaState state) {
        return jdbc.sql("SELECT DISTINCT subject FROM media WHERE state = ?")
                .param(state.value())
                .query((rs, n) -> new Subject(rs.getString(1)))
                .list();
    }

    /** Every state with the user's count of media in it, zeros included, in the states' order. */
    Map<MediaState, Long> countsByState(Subject subject) {
        Map<MediaState, Long> counts = new EnumMap<>(MediaState.class);
        for (MediaState state : MediaState.values()) {
            counts.put(state, 0L);
        }
        jdbc.sql("SELECT state, count(*) FROM media WHERE subject = ? GROUP BY state")
                .param(subject.value())
                .query((rs, n) -> counts.put(MediaState.of(rs.getString(1)), rs.getLong(2)))
                .list();
        return counts;
    }

    long storedBytes(Subject subject) {
        return jdbc.sql("SELECT coalesce(sum(size), 0) FROM media WHERE subject = ?")
                .param(subject.value())
                .query(Long.class)
                .single();
    }

    /** The user's processed photos that have a preview and a fingerprint, in local capture order. */
    List<Shot> shots(Subject subject) {
        return jdbc.sql("""
                SELECT media_id,
                    coalesce(captured_at_local, coalesce(captured_at, created_at) AT TIME ZONE 'UTC') AS taken_local,
                    coalesce(captured_at, created_at), latitude, longitude, width, height, difference_hash, sharpness,
                    brightness, colourfulness, warmth
                FROM media
                WHERE subject = ? AND state = ? AND has_preview AND difference_hash IS NOT NULL
                ORDER BY taken_local, media_id
                """)
                .params(subject.value(), MediaState.PROCESSED.value())
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

    /** Up to {@code limit} of the user's media, newest first, after {@code after} (or from the newest). */
    List<MediaItem> page(Subject subject, @Nullable UUID after, int limit) {
        return jdbc.sql(ITEM_COLUMNS + " WHERE subject = ? AND (CAST(? AS uuid) IS NULL OR media_id < ?)"
                        + " ORDER BY media_id DESC LIMIT ?")
                .params(subject.value(), after, after, limit)
                .query(MediaRows::item)
                .list();
    }

    Optional<MediaItem> item(Subject subject, MediaId mediaId) {
        return jdbc.sql(ITEM_COLUMNS + " WHERE subject = ? AND media_id = ?")
                .params(subject.value(), mediaId.value())
                .query(MediaRows::item)
                .optional();
    }

    /** Which user each of these media belongs to, and whether it keeps its original (media that exist only). */
    List<Owner> owners(Collection<UUID> mediaIds) {
        return jdbc.sql("SELECT media_id, subject, original_kept FROM media WHERE media_id = ANY(?)")
                .param(mediaIds.toArray(UUID[]::new))
                .query((rs, n) -> new Owner(
                        new MediaId(rs.getObject(1, UUID.class)), new Subject(rs.getString(2)), rs.getBoolean(3)))
                .list();
    }

    /** The user's processed media with a preview whose original is still kept, recorded until {@code until}. */
    List<MediaId> keptOriginals(Subject subject, Instant until) {
        return jdbc.sql("""
                SELECT media_id FROM media
                WHERE subject = ? AND state = ? AND has_preview AND original_kept AND created_at <= ?
                """)
                .params(subject.value(), MediaState.PROCESSED.value(), Timestamp.from(until))
                .query((rs, n) -> new MediaId(rs.getObject(1, UUID.class)))
                .list();
    }

    /** The subject of a processed media with a preview that still keeps its original, if it is one. */
    Optional<Subject> processedWithOriginal(MediaId mediaId) {
        return jdbc.sql("""
                SELECT subject FROM media WHERE media_id = ? AND state = ? AND has_preview AND original_kept
                """)
                .params(mediaId.value(), MediaState.PROCESSED.value())
                .query((rs, n) -> new Subject(rs.getString(1)))
                .optional();
    }

    /** Up to {@code limit} failed media analysed before {@code before} that keep their original, by id after one. */
    List<Owner> failedWithOriginal(Instant before, @Nullable MediaId after, int limit) {
        UUID afterId = after == null ? null : after.value();
        // 'failed' written out, not bound: the partial index media_failed_with_original serves generic plans too.
        return jdbc.sql("""
                SELECT media_id, subject, original_kept FROM media
                WHERE state = 'failed' AND original_kept AND analyzed_at < ?
                    AND (CAST(? AS uuid) IS NULL OR media_id > ?)
                ORDER BY media_id LIMIT ?
                """)
                .params(Timestamp.from(before), afterId, afterId, limit)
                .query((rs, n) -> new Owner(
                        new MediaId(rs.getObject(1, UUID.class)), new Subject(rs.getString(2)), rs.getBoolean(3)))
                .list();
    }

    /** Locks the row of a failed media that keeps its original; whether it still is one. */
    boolean lockFailedWithOriginal(MediaId mediaId) {
        // FOR UPDATE: an operator's retry sets the media back to stored and must wait for (or come before) this.
        return jdbc.sql("""
                SELECT media_id FROM media WHERE media_id = ? AND state = 'failed' AND original_kept FOR UPDATE
                """).param(mediaId.value()).query(UUID.class).optional().isPresent();
    }

    /** Locks the user's media row, if it exists, until the transaction ends. */
    void lock(Subject subject, MediaId mediaId) {
        // FOR UPDATE: an analysis ending meanwhile waits for the deletion, then finds the media gone.
        jdbc.sql("SELECT media_id FROM media WHERE media_id = ? AND subject = ? FOR UPDATE")
                .params(mediaId.value(), subject.value())
                .query(UUID.class)
                .optional();
    }

    /** Records the end of a media's analysis, if it was still stored; whether it was. */
    boolean settle(MediaId mediaId, Analysed outcome, Instant now) {
        MediaFacts facts = outcome.facts();
        AnalysisProblem problem = outcome.problem();
        ImageMeasures measures = outcome.measures();
        return jdbc.sql("""
                        UPDATE media SET state = ?, problem_type = ?, problem_detail = ?, captured_at_local = ?,
                            captured_offset = ?, captured_at = coalesce(?, captured_at), width = ?, height = ?,
                            camera_make = ?, camera_model = ?, latitude = ?, longitude = ?, duration_seconds = ?,
                            has_preview = ?, difference_hash = ?, sharpness = ?, brightness = ?, colourfulness = ?,
                            warmth = ?, analyzed_at = ?, updated_at = ?
                        WHERE media_id = ? AND state = ?
                        """)
                        .params(
                                outcome.state().value(),
                                problem == null ? null : problem.slug(),
                                problem == null ? null : problem.sentence(),
                                facts.capturedAtLocal() == null ? null : Timestamp.valueOf(facts.capturedAtLocal()),
                                facts.capturedOffset() == null
                                        ? null
                                        : facts.capturedOffset().getId(),
                                timestamp(facts.capturedAt()),
                                outcome.width(),
                                outcome.height(),
                                facts.cameraMake(),
                                facts.cameraModel(),
                                facts.location() == null
                                        ? null
                                        : facts.location().latitude(),
                                facts.location() == null
                                        ? null
                                        : facts.location().longitude(),
                                facts.durationSeconds(),
                                outcome.hasPreview(),
                                measures == null ? null : measures.differenceHash(),
                                measures == null ? null : measures.sharpness(),
                                measures == null ? null : measures.brightness(),
                                measures == null ? null : measures.colourfulness(),
                                measures == null ? null : measures.warmth(),
                                Timestamp.from(now),
                                Timestamp.from(now),
                                mediaId.value(),
                                MediaState.STORED.value())
                        .update()
                == 1;
    }

    /** Records that the media's original is gone. */
    void markOriginalDeleted(MediaId mediaId) {
        jdbc.sql("UPDATE media SET original_kept = false WHERE media_id = ?")
                .param(mediaId.value())
                .update();
    }

    /** Erases the positions of every media of the user; how many had one. */
    int erasePositions(Subject subject, Instant now) {
        // One set-based update: the withdrawal erases every position in its own transaction.
        return jdbc.sql("""
                UPDATE media SET latitude = NULL, longitude = NULL, updated_at = ?
                WHERE subject = ? AND (latitude IS NOT NULL OR longitude IS NOT NULL)
                """).params(Timestamp.from(now), subject.value()).update();
    }

    /** Deletes the user's media row; whether it existed. */
    boolean delete(Subject subject, MediaId mediaId) {
        return jdbc.sql("DELETE FROM media WHERE media_id = ? AND subject = ?")
                        .params(mediaId.value(), subject.value())
                        .update()
                == 1;
    }

    /** Deletes every media row of the user (the purge); how many there were. */
    int deleteAll(Subject subject) {
        // A bulk delete: the purge removes the user's rows in one statement.
        return jdbc.sql("DELETE FROM media WHERE subject = ?")
                .param(subject.value())
                .update();
    }

    private static UUID[] array(Collection<MediaId> mediaIds) {
        return mediaIds.stream().map(MediaId::value).toArray(UUID[]::new);
    }

    private static @Nullable Timestamp timestamp(@Nullable Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }

    private static MediaItem item(ResultSet rs, int row) throws SQLException {
        Timestamp capturedAt = rs.getTimestamp(8);
        Timestamp capturedAtLocal = rs.getTimestamp(12);
        String problemType = rs.getString(10);
        Double latitude = rs.getObject(16, Double.class);
        Double longitude = rs.getObject(17, Double.class);
        String make = rs.getString(18);
        String model = rs.getString(19);
        MediaState state = MediaState.of(rs.getString(9));
        return new MediaItem(
                rs.getObject(1, UUID.class),
                rs.getString(2),
                rs.getString(3),
                rs.getString(4),
                rs.getString(5),
                rs.getLong(6),
                rs.getString(7),
                capturedAt == null ? null : capturedAt.toInstant(),
                capturedAtLocal == null ? null : capturedAtLocal.toLocalDateTime(),
                rs.getString(13),
                state.value(),
                problemType == null
                        ? null
                        : new MediaProblem(
                                ProblemType.BASE_URI + problemType,
                                MediaItems.detail(problemType, rs.getString(11), state, rs.getBoolean(22))),
                rs.getObject(14, Integer.class),
                rs.getObject(15, Integer.class),
                latitude == null || longitude == null ? null : new Location(latitude, longitude),
                make == null && model == null ? null : new Camera(make, model),
                rs.getObject(20, Double.class),
                rs.getBoolean(21));
    }
}
