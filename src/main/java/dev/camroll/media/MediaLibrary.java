package dev.camroll.media;

import java.io.InputStream;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.camroll.identity.Subject;
import dev.camroll.storage.UserObjects;
import org.jspecify.annotations.Nullable;

/** What other modules may ask of a user's media, and how stored files become media. */
public interface MediaLibrary {

    /** A file whose bytes are stored and verified, to become the user's media. */
    record NewMedia(
            MediaId mediaId,
            Subject subject,
            String deviceId,
            String clientAssetId,
            String kind,
            String mimeType,
            long size,
            String sha256,
            @Nullable Instant capturedAt) {}

    /** Where the original of a media lives in the object store: under the user's random prefix, never the subject. */
    String originalKey(Subject subject, MediaId mediaId);

    /** {@link #originalKey} for a user whose storage key the caller knows. */
    static String originalKeyUnder(String userKey, MediaId mediaId) {
        return new UserObjects(userKey).original(mediaId.value());
    }

    /**
     * Records stored bytes as the user's media and queues their analysis, both in the caller's transaction (there
     * must be one). Answers the media that holds the content: this one, or the user's existing media with the same
     * content (then nothing is recorded).
     */
    MediaId store(NewMedia media);

    /** The user's media with this content, if stored. */
    Optional<MediaId> findBySha256(Subject subject, String sha256);

    /** The state of each of the given media that exists. */
    Map<MediaId, MediaState> statesOf(Collection<MediaId> mediaIds);

    /** Whether any of the given media still awaits its analysis (is {@link MediaState#STORED}). */
    boolean anyAwaitingAnalysis(Collection<MediaId> mediaIds);

    /** The users who have processed media (those whose suggestions a nightly build may refresh). */
    List<Subject> subjectsWithProcessedMedia();

    /**
     * How many of the user's media are in each state, every state in its order with zeros included: counts only,
     * never anything about a photo.
     */
    Map<MediaState, Long> countsByState(Subject subject);

    /** The user's processed photos that have a preview, in local capture order: what suggestions are made of. */
    List<Shot> shots(Subject subject);

    /** Opens the preview (upright JPEG, longest side 1280 px) of one of the user's processed media. */
    InputStream openPreview(Subject subject, MediaId mediaId);

    /** Bytes the user's stored media take, for the quota. */
    long storedBytes(Subject subject);
}
