package dev.camroll.client;

import java.io.OutputStream;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;

import com.google.gson.reflect.TypeToken;

/** The user's synced media, newest first: metadata, previews and thumbnails, deletion. */
public final class Media {

    private final Http http;

    Media(Http http) {
        this.http = http;
    }

    /** One page ({@code cursor} null for the first; {@code limit} null for 50, at most 200). */
    public Page<Item> list(String cursor, Integer limit) {
        return http.get(Http.path("/v1/media", "cursor", cursor, "limit", limit), new TypeToken<Page<Item>>() {});
    }

    /** Every media of the user, page after page. */
    public List<Item> all() {
        return Page.all(cursor -> list(cursor, Consent.MAX_LIMIT));
    }

    public Item get(String mediaId) {
        return http.get(path(mediaId), Item.class);
    }

    /** Streams the thumbnail (JPEG, longest side 320 px, upright) to {@code out}; 404 until the media is processed. */
    public void thumbnail(String mediaId, OutputStream out) {
        http.download(path(mediaId) + "/thumbnail", out);
    }

    /** Streams the preview (JPEG, longest side 1280 px, upright) to {@code out}; 404 until the media is processed. */
    public void preview(String mediaId, OutputStream out) {
        http.download(path(mediaId) + "/preview", out);
    }

    /** Deletes the media with its original, preview and thumbnail. */
    public void delete(String mediaId) {
        http.send("DELETE", path(mediaId), null, Map.of(), null);
    }

    private static String path(String mediaId) {
        return "/v1/media/" + Http.segment(mediaId);
    }

    /**
     * A media's metadata.
     *
     * @param capturedAt the best-known instant of capture
     * @param capturedAtLocal the camera's wall-clock time (no zone), when the file says
     * @param capturedOffset the camera's UTC offset ({@code +01:00}), when the file says
     * @param state {@code stored}, then {@code processed} or {@code failed} (with {@code problem})
     * @param width as displayed (orientation applied), once processed
     * @param location only while {@code location_analysis} is given
     */
    public record Item(
            String mediaId,
            String clientAssetId,
            String deviceId,
            String kind,
            String mimeType,
            long size,
            String sha256,
            Instant capturedAt,
            LocalDateTime capturedAtLocal,
            String capturedOffset,
            String state,
            Sync.ItemProblem problem,
            Integer width,
            Integer height,
            Location location,
            Camera camera,
            Double durationSeconds,
            boolean hasPreview) {

        public boolean processed() {
            return "processed".equals(state);
        }
    }

    public record Location(double lat, double lon) {}

    public record Camera(String make, String model) {}
}
