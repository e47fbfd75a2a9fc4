package dev.camroll.media.internal;

import java.time.Instant;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.camroll.consent.ConsentGate;
import dev.camroll.consent.Purpose;
import dev.camroll.identity.Subject;
import dev.camroll.media.MediaId;
import dev.camroll.media.MediaState;
import io.swagger.v3.oas.annotations.media.Schema;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/** A user's media as the API shows them: the list, one media, and the export. */
@Component
class MediaItems {

    /** {@code capturedAtLocal} as Jackson writes a {@link LocalDateTime}: ISO-8601 without an offset. */
    static final String LOCAL_DATE_TIME = "^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]{1,9})?$";

    /** A problem of one media item, like the type and detail of a problem document. */
    record MediaProblem(
            String type, @Schema(nullable = true) @Nullable String detail) {}

    record Location(double lat, double lon) {}

    record Camera(
            @Schema(nullable = true) @Nullable String make,
            @Schema(nullable = true) @Nullable String model) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record MediaItem(
            UUID mediaId,
            String clientAssetId,
            String deviceId,
            String kind,
            String mimeType,
            long size,
            String sha256,
            @Nullable Instant capturedAt,

            @Schema(
                    type = "string",
                    pattern = LOCAL_DATE_TIME,
                    example = "2008-10-22T16:28:39",
                    description = "The camera's wall-clock time, without a zone (not an instant)")
            @Nullable
            LocalDateTime capturedAtLocal,

            @Nullable String capturedOffset,
            String state,
            @Nullable MediaProblem problem,
            @Nullable Integer width,
            @Nullable Integer height,
            @Nullable Location location,
            @Nullable Camera camera,
            @Nullable Double durationSeconds,
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

    private final MediaRows rows;

    private final ConsentGate consent;

    MediaItems(MediaRows rows, ConsentGate consent) {
        this.rows = rows;
        this.consent = consent;
    }

    /** Up to {@code limit} of the user's media, newest first, after {@code after} (or from the newest), as shown. */
    List<MediaItem> page(Subject subject, @Nullable UUID after, int limit) {
        return shown(subject, rows.page(subject, after, limit));
    }

    /** One of the user's media as stored (with its position, if any): for the controller's own checks. */
    Optional<MediaItem> find(Subject subject, MediaId mediaId) {
        return rows.item(subject, mediaId);
    }

    /** GPS is shown only while location_analysis is given (and stored only then). */
    MediaItem shown(Subject subject, MediaItem item) {
        return shown(subject, List.of(item)).get(0);
    }

    private List<MediaItem> shown(Subject subject, List<MediaItem> items) {
        return consent.isGiven(subject, Purpose.LOCATION_ANALYSIS)
                ? items
                : items.stream().map(MediaItem::withoutLocation).toList();
    }

    /**
     * A failed media's problem says when its original is gone, so no one waits for it to be analysed again. An
     * analysis problem is shown as its fixed sentence, whatever an older version stored (tool output, paths).
     */
    static @Nullable String detail(
            String problemType, @Nullable String storedDetail, MediaState state, boolean originalKept) {
        String detail = AnalysisProblem.ofSlug(problemType)
                .map(AnalysisProblem::sentence)
                .orElse(storedDetail);
        if (state != MediaState.FAILED || originalKept) {
            return detail;
        }
        return (detail == null ? "" : detail + " ") + ORIGINAL_DELETED;
    }
}
