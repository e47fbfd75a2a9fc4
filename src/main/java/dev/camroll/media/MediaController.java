package dev.camroll.media;

import java.time.Instant;
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
import dev.camroll.identity.Caller;

import org.springframework.jdbc.core.simple.JdbcClient;
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

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record MediaItem(UUID mediaId, String clientAssetId, String deviceId, String kind, String mimeType, long size,
            String sha256, Instant capturedAt, String state, MediaProblem problem, boolean hasPreview) {
    }

    private static final String COLUMNS = """
            SELECT media_id, client_asset_id, device_id, kind, mime_type, size, sha256, captured_at, state,
                problem_type, problem_detail FROM media
            """;

    private final JdbcClient jdbc;

    MediaController(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @GetMapping("/v1/media")
    @Operation(summary = "The caller's media, newest first")
    Page<MediaItem> list(Caller caller, @RequestParam(required = false) String cursor,
            @RequestParam(required = false) @Min(1) @Max(PageQuery.MAX_LIMIT) Integer limit) {
        PageQuery query = PageQuery.of(cursor, limit);
        UUID after = query.after() == null ? null : position(query.after());
        List<MediaItem> rows = jdbc.sql(COLUMNS + " WHERE subject = ? AND (CAST(? AS uuid) IS NULL OR media_id < ?)"
                + " ORDER BY media_id DESC LIMIT ?")
            .params(caller.subject(), after, after, query.limit() + 1)
            .query(MediaController::item)
            .list();
        return query.page(rows, MediaItem::mediaId);
    }

    @GetMapping("/v1/media/{mediaId}")
    @Operation(summary = "One of the caller's media")
    MediaItem one(Caller caller, @PathVariable String mediaId) {
        UUID id = Ids.parse(mediaId, "media");
        return jdbc.sql(COLUMNS + " WHERE subject = ? AND media_id = ?")
            .params(caller.subject(), id)
            .query(MediaController::item)
            .optional()
            .orElseThrow(() -> ProblemException.notFound("No media '" + mediaId + "'."));
    }

    private static MediaItem item(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
        java.sql.Timestamp capturedAt = rs.getTimestamp(8);
        String problemType = rs.getString(10);
        return new MediaItem(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3), rs.getString(4),
                rs.getString(5), rs.getLong(6), rs.getString(7), capturedAt == null ? null : capturedAt.toInstant(),
                rs.getString(9), problemType == null ? null : new MediaProblem(ProblemType.BASE_URI + problemType,
                        rs.getString(11)), false);
    }

    private static UUID position(String after) {
        try {
            return UUID.fromString(after);
        }
        catch (IllegalArgumentException e) {
            throw ProblemException.invalid("cursor", "'cursor' is not a cursor this list handed out.");
        }
    }
}
