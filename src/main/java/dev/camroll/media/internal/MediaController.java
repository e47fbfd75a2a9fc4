package dev.camroll.media.internal;

import java.time.Duration;

import dev.camroll.api.Examples;
import dev.camroll.api.Ids;
import dev.camroll.api.Page;
import dev.camroll.api.PageQuery;
import dev.camroll.api.ProblemException;
import dev.camroll.api.ProblemResponses;
import dev.camroll.identity.Caller;
import dev.camroll.media.MediaId;
import dev.camroll.media.MediaState;
import dev.camroll.media.internal.MediaItems.MediaItem;
import dev.camroll.storage.ObjectStore;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.core.io.InputStreamResource;
import org.springframework.core.io.Resource;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The caller's media, newest first (contract section Media). */
@RestController
@Tag(name = "media", description = "The stored photos and videos, their metadata, thumbnails and previews")
class MediaController {

    private final MediaItems media;

    private final StoredMediaLibrary library;

    private final ObjectStore store;

    MediaController(MediaItems media, StoredMediaLibrary library, ObjectStore store) {
        this.media = media;
        this.library = library;
        this.store = store;
    }

    @GetMapping("/v1/media")
    @Operation(operationId = "listMedia", summary = "The caller's media, newest first")
    @Examples(response = MediaExamples.MEDIA_PAGE)
    Page<MediaItem> list(
            Caller caller,
            @RequestParam(required = false) String cursor,
            @RequestParam(required = false) @Min(1) @Max(PageQuery.MAX_LIMIT) Integer limit) {
        PageQuery query = PageQuery.of(cursor, limit);
        return query.page(media.page(caller.user(), query.afterId(), query.limit() + 1), MediaItem::mediaId);
    }

    @GetMapping("/v1/media/{mediaId}")
    @ProblemResponses({"not-found"})
    @Operation(operationId = "getMedia", summary = "One of the caller's media")
    @Examples(response = MediaExamples.MEDIA_ITEM)
    MediaItem one(Caller caller, @PathVariable String mediaId) {
        return media.shown(caller.user(), find(caller, mediaId));
    }

    @GetMapping(path = "/v1/media/{mediaId}/thumbnail", produces = MediaType.IMAGE_JPEG_VALUE)
    @ProblemResponses({"not-found"})
    @Operation(
            operationId = "getMediaThumbnail",
            summary = "The media's thumbnail (longest side 320 px, upright); 404 until processed")
    ResponseEntity<Resource> thumbnail(Caller caller, @PathVariable String mediaId) {
        return image(caller, mediaId, "thumb");
    }

    @GetMapping(path = "/v1/media/{mediaId}/preview", produces = MediaType.IMAGE_JPEG_VALUE)
    @ProblemResponses({"not-found"})
    @Operation(
            operationId = "getMediaPreview",
            summary = "The media's preview (longest side 1280 px, upright); 404 until processed")
    ResponseEntity<Resource> preview(Caller caller, @PathVariable String mediaId) {
        return image(caller, mediaId, "preview");
    }

    @DeleteMapping("/v1/media/{mediaId}")
    @ApiResponse(responseCode = "204", description = "The media and its derivatives are gone")
    @ProblemResponses({"not-found"})
    @Operation(operationId = "deleteMedia", summary = "Delete a media with its original, preview and thumbnail")
    ResponseEntity<Void> delete(Caller caller, @PathVariable String mediaId) {
        MediaItem item = find(caller, mediaId);
        library.delete(caller.user(), MediaId.of(item.mediaId()));
        return ResponseEntity.noContent().build();
    }

    private ResponseEntity<Resource> image(Caller caller, String mediaId, String kind) {
        MediaItem item = find(caller, mediaId);
        if (!item.hasPreview()) {
            throw ProblemException.notFound("Media '" + mediaId + "' has no " + kind
                    + (MediaState.STORED.value().equals(item.state()) ? " yet; it is being analysed." : "."));
        }
        String key = kind.equals("thumb")
                ? library.thumbnailKey(caller.user(), MediaId.of(item.mediaId()))
                : library.previewKey(caller.user(), MediaId.of(item.mediaId()));
        return ResponseEntity.ok()
                .contentType(MediaType.IMAGE_JPEG)
                .cacheControl(CacheControl.maxAge(Duration.ofHours(1)).cachePrivate())
                .body(new InputStreamResource(store.get(key)));
    }

    private MediaItem find(Caller caller, String mediaId) {
        return media.find(caller.user(), MediaId.of(Ids.parse(mediaId, "media")))
                .orElseThrow(() -> ProblemException.notFound("No media '" + mediaId + "'."));
    }
}
