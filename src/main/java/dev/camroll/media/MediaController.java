package dev.camroll.media;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.Operation;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import dev.camroll.api.Ids;
import dev.camroll.api.Page;
import dev.camroll.api.PageQuery;
import dev.camroll.api.ProblemException;
import dev.camroll.api.ProblemType;
import dev.camroll.consent.ConsentGate;
import dev.camroll.consent.Purpose;
import dev.camroll.identity.Caller;
import dev.camroll.storage.ObjectStore;

import org.springframework.core.io.InputStreamResource;
import org.springframework.core.io.Resource;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The caller's media, newest first (contract section Media). */
@RestController
class MediaController {

    /** A problem of one media item, like the type and detail of a problem document. */
    record MediaProblem(String type, String detail) {
    }

    record Location(double lat, double lon) {
    }

    record Camera(String make, String model) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record MediaItem(UUID mediaId, String clientAssetId, String deviceId, String kind, String mimeType, long size,
            String sha256, Instant capturedAt, LocalDateTime capturedAtLocal, String capturedOffset, String state,
            MediaProblem problem, Integer width, Integer height, Location location, Camera camera, Double durationSeconds,
            boolean hasPreview) {

        /** GPS is shown only while location_analysis is given (and stored only then). */
        MediaItem withoutLocation() {
            return new MediaItem(mediaId, clientAssetId, deviceId, kind, mimeType, size, sha256, capturedAt,
                    capturedAtLocal, capturedOffset, state, problem, width, height, null, camera, durationSeconds,
                    hasPreview);
        }
    }

    private static final String COLUMNS = """
            SELECT media_id, client_asset_id, device_id, kind, mime_type, size, sha256, captured_at, state,
                problem_type, problem_detail, captured_at_local, captured_offset, width, height, latitude, longitude,
                camera_make, camera_model, duration_seconds, has_preview FROM media
            """;

    private final JdbcClient jdbc;

    private final ConsentGate consent;

    private final MediaLibrary library;

    private final ObjectStore store;

    MediaController(JdbcClient jdbc, ConsentGate consent, MediaLibrary library, ObjectStore store) {
        this.jdbc = jdbc;
        this.consent = consent;
        this.library = library;
        this.store = store;
    }

    @GetMapping("/v1/media")
    @Operation(summary = "The caller's media, newest first")
    Page<MediaItem> list(Caller caller, @RequestParam(required = false) String cursor,
            @RequestParam(required = false) @Min(1) @Max(PageQuery.MAX_LIMIT) Integer limit) {
        PageQuery query = PageQuery.of(cursor, limit);
        UUID after = query.afterId();
        List<MediaItem> rows = jdbc.sql(COLUMNS + " WHERE subject = ? AND (CAST(? AS uuid) IS NULL OR media_id < ?)"
                + " ORDER BY media_id DESC LIMIT ?")
            .params(caller.subject(), after, after, query.limit() + 1)
            .query(MediaController::item)
            .list();
        boolean located = consent.isGiven(caller.subject(), Purpose.LOCATION_ANALYSIS);
        return query.page(located ? rows : rows.stream().map(MediaItem::withoutLocation).toList(), MediaItem::mediaId);
    }

    @GetMapping("/v1/media/{mediaId}")
    @Operation(summary = "One of the caller's media")
    MediaItem one(Caller caller, @PathVariable String mediaId) {
        MediaItem item = find(caller, mediaId);
        return consent.isGiven(caller.subject(), Purpose.LOCATION_ANALYSIS) ? item : item.withoutLocation();
    }

    @GetMapping(path = "/v1/media/{mediaId}/thumbnail", produces = MediaType.IMAGE_JPEG_VALUE)
    @Operation(summary = "The media's thumbnail (longest side 320 px, upright); 404 until processed")
    ResponseEntity<Resource> thumbnail(Caller caller, @PathVariable String mediaId) {
        return image(caller, mediaId, "thumb");
    }

    @GetMapping(path = "/v1/media/{mediaId}/preview", produces = MediaType.IMAGE_JPEG_VALUE)
    @Operation(summary = "The media's preview (longest side 1280 px, upright); 404 until processed")
    ResponseEntity<Resource> preview(Caller caller, @PathVariable String mediaId) {
        return image(caller, mediaId, "preview");
    }

    @DeleteMapping("/v1/media/{mediaId}")
    @Operation(summary = "Delete a media with its original, preview and thumbnail")
    ResponseEntity<Void> delete(Caller caller, @PathVariable String mediaId) {
        MediaItem item = find(caller, mediaId);
        library.delete(caller.subject(), item.mediaId());
        return ResponseEntity.noContent().build();
    }

    private ResponseEntity<Resource> image(Caller caller, String mediaId, String kind) {
        MediaItem item = find(caller, mediaId);
        if (!item.hasPreview()) {
            throw ProblemException.notFound("Media '" + mediaId + "' has no " + kind + (item.state().equals("stored")
                    ? " yet; it is being analysed." : "."));
        }
        String key = kind.equals("thumb") ? library.thumbnailKey(caller.subject(), item.mediaId())
                : library.previewKey(caller.subject(), item.mediaId());
        return ResponseEntity.ok()
            .contentType(MediaType.IMAGE_JPEG)
            .cacheControl(CacheControl.maxAge(Duration.ofHours(1)).cachePrivate())
            .body(new InputStreamResource(store.get(key)));
    }

    private MediaItem find(Caller caller, String mediaId) {
        UUID id = Ids.parse(mediaId, "media");
        return jdbc.sql(COLUMNS + " WHERE subject = ? AND media_id = ?")
            .params(caller.subject(), id)
            .query(MediaController::item)
            .optional()
            .orElseThrow(() -> ProblemException.notFound("No media '" + mediaId + "'."));
    }

    private static MediaItem item(ResultSet rs, int row) throws SQLException {
        Timestamp capturedAt = rs.getTimestamp(8);
        Timestamp capturedAtLocal = rs.getTimestamp(12);
        String problemType = rs.getString(10);
        Double latitude = rs.getObject(16, Double.class);
        Double longitude = rs.getObject(17, Double.class);
        String make = rs.getString(18);
        String model = rs.getString(19);
        return new MediaItem(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3), rs.getString(4),
                rs.getString(5), rs.getLong(6), rs.getString(7), capturedAt == null ? null : capturedAt.toInstant(),
                capturedAtLocal == null ? null : capturedAtLocal.toLocalDateTime(), rs.getString(13), rs.getString(9),
                problemType == null ? null : new MediaProblem(ProblemType.BASE_URI + problemType, rs.getString(11)),
                rs.getObject(14, Integer.class), rs.getObject(15, Integer.class),
                latitude == null || longitude == null ? null : new Location(latitude, longitude),
                make == null && model == null ? null : new Camera(make, model), rs.getObject(20, Double.class),
                rs.getBoolean(21));
    }
}
