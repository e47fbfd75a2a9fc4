package dev.camroll.media;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.camroll.api.ProblemType;
import dev.camroll.consent.ConsentGate;
import dev.camroll.consent.Purpose;
import dev.camroll.identity.Subject;
import io.swagger.v3.oas.annotations.media.Schema;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** A user's media as the API shows them: the list, one media, and the export. */
@Component
class MediaItems {

    /** {@code capturedAtLocal} as Jackson writes a {@link LocalDateTime}: ISO-8601 without an offset. */
    static final String LOCAL_DATE_TIME = "^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]{1,9})?$";

    /** A problem of one media item, like the type and detail of a problem document. */
    record MediaProblem(
            String type, @Schema(nullable = true) String detail) {}

    record Location(double lat, double lon) {}

    record Camera(
            @Schema(nullable = true) String make,
            @Schema(nullable = true) String model) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record MediaItem(
            UUID mediaId,
            String clientAssetId,
            String deviceId,
            String kind,
            String mimeType,
            long size,
            String sha256,
            Instant capturedAt,

            @Schema(
                    type = "string",
                    pattern = LOCAL_DATE_TIME,
                    example = "2008-10-22T16:28:39",
                    description = "The camera's wall-clock time, without a zone (not an instant)")
            LocalDateTime capturedAtLocal,

            String capturedOffset,
            String state,
            MediaProblem problem,
            Integer width,
            Integer height,
            Location location,
            Camera camera,
            Double durationSeconds,
            boolean hasPreview) {

        MediaItem withoutLocation() {
            return new MediaItem(
                    mediaId,
                    clientAssetId,
                    deviceId,
                    kind,
                    mimeType,
                    size,
                    sha256,
                    capturedAt,
                    capturedAtLocal,
                    capturedOffset,
                    state,
                    problem,
                    width,
                    height,
                    null,
                    camera,
                    durationSeconds,
                    hasPreview);
        }
    }

    /** Added to the problem of a failed media once its original is deleted (camroll.media.failed-original-retention). */
    static final String ORIGINAL_DELETED =
            "The original file was deleted after the analysis failed; it cannot be " + "analysed again.";

    private static final String COLUMNS = """
            SELECT media_id, client_asset_id, device_id, kind, mime_type, size, sha256, captured_at, state,
                problem_type, problem_detail, captured_at_local, captured_offset, width, height, latitude, longitude,
                camera_make, camera_model, duration_seconds, has_preview, original_kept FROM media
            """;

    private final JdbcClient jdbc;

    private final ConsentGate consent;

    MediaItems(JdbcClient jdbc, ConsentGate consent) {
        this.jdbc = jdbc;
        this.consent = consent;
    }

    /** Up to {@code limit} of the user's media, newest first, after {@code after} (or from the newest), as shown. */
    List<MediaItem> page(String subject, UUID after, int limit) {
        return shown(
                subject,
                jdbc.sql(COLUMNS + " WHERE subject = ? AND (CAST(? AS uuid) IS NULL OR media_id < ?)"
                                + " ORDER BY media_id DESC LIMIT ?")
                        .params(subject, after, after, limit)
                        .query(MediaItems::item)
                        .list());
    }

    /** All of the user's media, newest first, as shown: what the export holds. */
    List<MediaItem> all(String subject) {
        return shown(
                subject,
                jdbc.sql(COLUMNS + " WHERE subject = ? ORDER BY media_id DESC")
                        .param(subject)
                        .query(MediaItems::item)
                        .list());
    }

    /** One of the user's media as stored (with its position, if any): for the controller's own checks. */
    Optional<MediaItem> find(String subject, UUID mediaId) {
        return jdbc.sql(COLUMNS + " WHERE subject = ? AND media_id = ?")
                .params(subject, mediaId)
                .query(MediaItems::item)
                .optional();
    }

    /** GPS is shown only while location_analysis is given (and stored only then). */
    MediaItem shown(String subject, MediaItem item) {
        return shown(subject, List.of(item)).get(0);
    }

    private List<MediaItem> shown(String subject, List<MediaItem> items) {
        return consent.isGiven(Subject.of(subject), Purpose.LOCATION_ANALYSIS)
                ? items
                : items.stream().map(MediaItem::withoutLocation).toList();
    }

    /**
     * A failed media's problem says when its original is gone, so no one waits for it to be analysed again. An
     * analysis problem is shown as its fixed sentence, whatever an older version stored (tool output, paths).
     */
    private static String detail(ResultSet rs) throws SQLException {
        String detail = AnalysisProblem.ofSlug(rs.getString(10))
                .map(AnalysisProblem::sentence)
                .orElse(rs.getString(11));
        if (!"failed".equals(rs.getString(9)) || rs.getBoolean(22)) {
            return detail;
        }
        return (detail == null ? "" : detail + " ") + ORIGINAL_DELETED;
    }

    private static MediaItem item(ResultSet rs, int row) throws SQLException {
        Timestamp capturedAt = rs.getTimestamp(8);
        Timestamp capturedAtLocal = rs.getTimestamp(12);
        String problemType = rs.getString(10);
        Double latitude = rs.getObject(16, Double.class);
        Double longitude = rs.getObject(17, Double.class);
        String make = rs.getString(18);
        String model = rs.getString(19);
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
                rs.getString(9),
                problemType == null ? null : new MediaProblem(ProblemType.BASE_URI + problemType, detail(rs)),
                rs.getObject(14, Integer.class),
                rs.getObject(15, Integer.class),
                latitude == null || longitude == null ? null : new Location(latitude, longitude),
                make == null && model == null ? null : new Camera(make, model),
                rs.getObject(20, Double.class),
                rs.getBoolean(21));
    }
}
