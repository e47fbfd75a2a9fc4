package dev.camroll.media.internal;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import javax.sql.DataSource;

import dev.camroll.api.Ids;
import dev.camroll.identity.Subject;
import dev.camroll.jobs.Job;
import dev.camroll.media.MediaId;
import dev.camroll.media.MediaJobs;
import dev.camroll.media.MediaLibrary;
import dev.camroll.media.MediaSamples;
import dev.camroll.storage.ObjectStore;
import dev.camroll.testing.Api;
import dev.camroll.testing.EndToEndTest;
import dev.camroll.testing.TestFiles;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;
import static org.awaitility.Awaitility.await;

/** Uploaded files analysed on the durable queue, end to end: facts, upright previews, purpose effects, failures. */
class MediaAnalysisTests extends EndToEndTest {

    @Autowired
    ObjectStore store;

    @Autowired
    MediaLibrary library;

    @Autowired
    MediaAnalysis analysis;

    @Autowired
    TransactionTemplate transaction;

    @Autowired
    DataSource dataSource;

    String user;

    String token;

    @BeforeEach
    void readyToSync() {
        user = newUser("photographer");
        token = token(user);
        give(token, "cloud_processing");
        api.put("/v1/devices/phone", Map.of("platform", "ios", "appVersion", "1", "photoLibraryAccess", "full"))
                .token(token)
                .send();
    }

    @Test
    void aPhotoBecomesFactsAnUprightThumbnailAndMeasuresAndItsOriginalGoes() throws Exception {
        BufferedImage upright = MediaSamples.markedUpright(600, 800);
        byte[] photo = MediaSamples.exif()
                .orientation(6)
                .takenAt("2024:06:14 16:28:39")
                .offsetOriginal("+02:00")
                .gps(48.8584, 2.2945)
                .camera("Apple", "iPhone 15")
                .into(MediaSamples.jpeg(MediaSamples.storedFor(upright, 6)));

        JsonNode media = uploadAndAwait(List.of(photo), List.of("image/jpeg")).get(0);

        assertThat(media.path("state").asString()).isEqualTo("processed");
        assertThat(media.path("capturedAtLocal").asString()).isEqualTo("2024-06-14T16:28:39");
        assertThat(media.path("capturedOffset").asString()).isEqualTo("+02:00");
        assertThat(media.path("capturedAt").asString()).isEqualTo("2024-06-14T14:28:39Z");
        assertThat(media.path("width").asInt()).isEqualTo(600);
        assertThat(media.path("height").asInt()).isEqualTo(800);
        assertThat(media.path("camera").path("model").asString()).isEqualTo("iPhone 15");
        assertThat(media.has("location"))
                .as("no location without location_analysis")
                .isFalse();
        assertThat(media.path("hasPreview").asBoolean()).isTrue();
        assertThat(jdbc.queryForObject(
                        "SELECT latitude FROM media WHERE media_id = ?::uuid",
                        Double.class,
                        media.path("mediaId").asString()))
                .as("nor stored")
                .isNull();

        String thumbnailPath = "/v1/media/" + media.path("mediaId").asString() + "/thumbnail";
        assertThat(api.request("HEAD", thumbnailPath).token(token).send().header("Content-Type"))
                .isEqualTo("image/jpeg");
        BufferedImage thumb = ImageIO.read(
                new ByteArrayInputStream(api.get(thumbnailPath).token(token).sendForBytes()));
        assertThat(Math.max(thumb.getWidth(), thumb.getHeight())).isEqualTo(320);
        assertThat(thumb.getHeight()).as("upright: portrait").isGreaterThan(thumb.getWidth());
        Color topLeft = new Color(thumb.getRGB(thumb.getWidth() / 10, thumb.getHeight() / 10));
        assertThat(topLeft.getRed())
                .as("the marker is top left, as in the upright image")
                .isGreaterThan(150);
        assertThat(topLeft.getBlue()).isLessThan(100);
        assertThat(store.list("u/"))
                .noneMatch(
                        key -> key.endsWith("/original/" + media.path("mediaId").asString()))
                .anyMatch(
                        key -> key.endsWith("/preview/" + media.path("mediaId").asString() + ".jpg"));
        assertThat(jdbc.queryForObject(
                        "SELECT difference_hash IS NOT NULL AND sharpness > 0 FROM media WHERE media_id = ?::uuid",
                        Boolean.class,
                        media.path("mediaId").asString()))
                .isTrue();
    }

    @Test
    void locationAndOriginalsAreKeptOnlyWhileTheirPurposesAreGiven() {
        give(token, "location_analysis");
        give(token, "original_retention");
        byte[] photo =
                MediaSamples.exif().gps(-33.8568, 151.2153).into(MediaSamples.jpeg(MediaSamples.photo(400, 300, 3)));

        JsonNode media = uploadAndAwait(List.of(photo), List.of("image/jpeg")).get(0);

        assertThat(media.path("location").path("lat").asDouble()).isCloseTo(-33.8568, offset(1e-4));
        assertThat(media.path("location").path("lon").asDouble()).isCloseTo(151.2153, offset(1e-4));
        assertThat(store.list("u/"))
                .anyMatch(
                        key -> key.endsWith("/original/" + media.path("mediaId").asString()));
    }

    @Test
    void withdrawingOriginalRetentionDeletesTheKeptOriginalsAndLocationAnalysisThePositions() {
        give(token, "location_analysis");
        give(token, "original_retention");
        byte[] photo =
                MediaSamples.exif().gps(48.8584, 2.2945).into(MediaSamples.jpeg(MediaSamples.photo(400, 300, 6)));
        String mediaId = uploadAndAwait(List.of(photo), List.of("image/jpeg"))
                .get(0)
                .path("mediaId")
                .asString();
        assertThat(store.list("u/")).anyMatch(key -> key.endsWith("/original/" + mediaId));

        withdraw(token, "original_retention");
        withdraw(token, "location_analysis");

        await().atMost(Duration.ofSeconds(30))
                .until(() -> store.list("u/").stream().noneMatch(key -> key.endsWith("/original/" + mediaId)));
        assertThat(jdbc.queryForObject(
                        "SELECT original_kept FROM media WHERE media_id = ?::uuid", Boolean.class, mediaId))
                .isFalse();
        assertThat(jdbc.queryForObject(
                        "SELECT latitude IS NULL AND longitude IS NULL FROM media WHERE media_id = ?::uuid",
                        Boolean.class,
                        mediaId))
                .as("the position is erased, not only hidden")
                .isTrue();
        assertThat(store.list("u/"))
                .as("the preview stays")
                .anyMatch(key -> key.endsWith("/preview/" + mediaId + ".jpg"));
    }

    @Test
    void givingOriginalRetentionAndLocationAnalysisAgainStartsFromZero() {
        give(token, "location_analysis");
        give(token, "original_retention");
        byte[] before =
                MediaSamples.exif().gps(48.8584, 2.2945).into(MediaSamples.jpeg(MediaSamples.photo(400, 300, 7)));
        String earlier = uploadAndAwait(List.of(before), List.of("image/jpeg"))
                .get(0)
                .path("mediaId")
                .asString();

        withdraw(token, "original_retention");
        withdraw(token, "location_analysis");
        give(token, "location_analysis");
        give(token, "original_retention");

        await().atMost(Duration.ofSeconds(30))
                .until(() -> store.list("u/").stream().noneMatch(key -> key.endsWith("/original/" + earlier)));
        byte[] after =
                MediaSamples.exif().gps(48.8584, 2.2945).into(MediaSamples.jpeg(MediaSamples.photo(400, 300, 8)));
        JsonNode later = uploadAndAwait(List.of(after), List.of("image/jpeg")).get(0);
        assertThat(store.list("u/"))
                .as("the original of a photo from after the purpose was given again is kept")
                .anyMatch(
                        key -> key.endsWith("/original/" + later.path("mediaId").asString()));
        assertThat(later.path("location").isMissingNode()).isFalse();
        assertThat(api.get("/v1/media/" + earlier).token(token).send().json().has("location"))
                .as("the position erased by the withdrawal does not come back")
                .isFalse();
        assertThat(jdbc.queryForObject(
                        "SELECT original_kept FROM media WHERE media_id = ?::uuid", Boolean.class, earlier))
                .isFalse();
    }

    @Test
    void aBombFailsAsTooLargeAndAGoodPhotoBesideItIsProcessed() {
        byte[] bomb = MediaSamples.pngClaiming(30000, 30000);
        byte[] good = MediaSamples.jpeg(MediaSamples.photo(300, 200, 4));

        List<JsonNode> media = uploadAndAwait(List.of(bomb, good), List.of("image/png", "image/jpeg"));

        assertThat(media.get(0).path("state").asString()).isEqualTo("failed");
        assertThat(media.get(0).path("problem").path("type").asString()).endsWith("/image-too-large");
        assertThat(media.get(0).path("hasPreview").asBoolean()).isFalse();
        assertThat(media.get(1).path("state").asString()).isEqualTo("processed");
        assertThat(api.get("/v1/media/" + media.get(0).path("mediaId").asString() + "/preview")
                        .token(token)
                        .send()
                        .status())
                .isEqualTo(404);
        assertThat(jdbc.queryForObject(
                        "SELECT count(*) FROM jobs WHERE type = 'build-suggestions' AND subject = ?",
                        Integer.class,
                        user))
                .as("the settled batch asks for suggestions once")
                .isEqualTo(1);
    }

    @Test
    void aHeicGetsItsPreviewThroughHeifConvert(@TempDir Path dir) throws Exception {
        byte[] heic = Files.readAllBytes(
                MediaSamples.heic(dir, MediaSamples.jpeg(MediaSamples.markedUpright(640, 480)), "photo.heic"));

        JsonNode media = uploadAndAwait(List.of(heic), List.of("image/heic")).get(0);

        assertThat(media.path("state").asString()).isEqualTo("processed");
        assertThat(media.path("mimeType").asString()).isEqualTo("image/heic");
        assertThat(media.path("hasPreview").asBoolean()).isTrue();
        BufferedImage preview = ImageIO.read(new ByteArrayInputStream(
                api.get("/v1/media/" + media.path("mediaId").asString() + "/preview")
                        .token(token)
                        .sendForBytes()));
        assertThat(preview.getWidth()).isEqualTo(640);
        assertThat(preview.getHeight()).isEqualTo(480);
    }

    @Test
    void aVideoGetsItsCreationTimeAndDurationWithoutAPreview() {
        byte[] movie = MediaSamples.movie("qt  ")
                .created(Instant.parse("2023-12-24T18:30:00Z"))
                .duration(12_500, 1000)
                .bytes();

        JsonNode media =
                uploadAndAwait(List.of(movie), List.of("video/quicktime")).get(0);

        assertThat(media.path("state").asString()).isEqualTo("processed");
        assertThat(media.path("capturedAt").asString()).isEqualTo("2023-12-24T18:30:00Z");
        assertThat(media.path("durationSeconds").asDouble()).isEqualTo(12.5);
        assertThat(media.path("hasPreview").asBoolean()).isFalse();
    }

    @Test
    void deletingAMediaRemovesItAndItsDerivatives() {
        JsonNode media = uploadAndAwait(
                        List.of(MediaSamples.jpeg(MediaSamples.photo(300, 200, 5))), List.of("image/jpeg"))
                .get(0);
        String mediaId = media.path("mediaId").asString();

        Api.Response deleted =
                api.request("DELETE", "/v1/media/" + mediaId).token(token).send();

        assertThat(deleted.status()).isEqualTo(204);
        assertThat(api.get("/v1/media/" + mediaId).token(token).send().status()).isEqualTo(404);
        assertThat(store.list("u/")).noneMatch(key -> key.contains(mediaId));
    }

    @Test
    void aMediaDeletedWhileItsAnalysisEndsLeavesNoPreviewBehind() throws Exception {
        UUID mediaId = Ids.newId();
        byte[] photo = MediaSamples.jpeg(MediaSamples.photo(300, 200, 6));
        store.put(
                library.originalKey(Subject.of(user), MediaId.of(mediaId)),
                new ByteArrayInputStream(photo),
                photo.length);
        String[] job = transaction.execute(tx -> {
            library.store(new MediaLibrary.NewMedia(
                    MediaId.of(mediaId),
                    Subject.of(user),
                    "phone",
                    "IMG_race",
                    "photo",
                    "image/jpeg",
                    photo.length,
                    TestFiles.sha256(photo),
                    null));
            // Parked an hour ahead, so the workers leave it to this test.
            return jdbc.queryForObject("""
                    UPDATE jobs SET run_at = now() + interval '1 hour' WHERE type = 'analyze-media' AND subject = ?
                    RETURNING id::text, payload
                    """, (rs, n) -> new String[] {rs.getString(1), rs.getString(2)}, user);
        });
        CompletableFuture<Void> analysed;
        try (Connection deletion = dataSource.getConnection()) {
            // A deletion that holds the row while the analysis writes its previews and then waits to record them.
            deletion.setAutoCommit(false);
            try (PreparedStatement lock =
                    deletion.prepareStatement("SELECT 1 FROM media WHERE media_id = ? FOR UPDATE")) {
                lock.setObject(1, mediaId);
                lock.executeQuery().close();
            }
            analysed = CompletableFuture.runAsync(() -> {
                try {
                    Job attempt = new Job(
                            UUID.fromString(job[0]), MediaJobs.ANALYZE_MEDIA.type(), Subject.of(user), job[1], 1, 5);
                    analysis.handle(attempt, MediaJobs.ANALYZE_MEDIA.read(attempt));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.queryForObject("""
                    SELECT count(*) FROM pg_stat_activity
                    WHERE wait_event_type = 'Lock' AND query LIKE '%UPDATE media SET state%'
                    """, Integer.class) == 1);
            // What MediaLibrary.delete does under its lock, its removal of the derivatives having come before the
            // analysis wrote them: the original, then the row.
            store.delete(library.originalKey(Subject.of(user), MediaId.of(mediaId)));
            try (PreparedStatement delete = deletion.prepareStatement("DELETE FROM media WHERE media_id = ?")) {
                delete.setObject(1, mediaId);
                delete.executeUpdate();
            }
            deletion.commit();
        }
        analysed.get(30, TimeUnit.SECONDS);

        assertThat(store.list("u/")).noneMatch(key -> key.contains(mediaId.toString()));
    }

    /** Announces the files in one manifest, uploads each in one PATCH and waits until every analysis ended. */
    private List<JsonNode> uploadAndAwait(List<byte[]> files, List<String> types) {
        List<Map<String, Object>> lines = new ArrayList<>();
        for (int i = 0; i < files.size(); i++) {
            lines.add(Map.of(
                    "clientAssetId",
                    "IMG_" + i,
                    "sha256",
                    TestFiles.sha256(files.get(i)),
                    "size",
                    files.get(i).length,
                    "mimeType",
                    types.get(i),
                    "kind",
                    types.get(i).startsWith("video/") ? "video" : "photo"));
        }
        JsonNode batch = api.post("/v1/devices/phone/batches", Map.of("items", lines))
                .token(token)
                .send()
                .json();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < files.size(); i++) {
            JsonNode line = batch.path("items").get(i);
            String url = line.path("upload").path("url").asString();
            Api.Response patched = api.request("PATCH", url.substring(url.indexOf("/v1/")))
                    .token(token)
                    .header("Tus-Resumable", "1.0.0")
                    .header("Upload-Offset", "0")
                    .header("Content-Type", "application/offset+octet-stream")
                    .bytes(files.get(i))
                    .send();
            assertThat(patched.status()).as(patched.body()).isEqualTo(204);
            ids.add(line.path("mediaId").asString());
        }
        List<JsonNode> media = new ArrayList<>();
        for (String id : ids) {
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> !"stored"
                            .equals(api.get("/v1/media/" + id)
                                    .token(token)
                                    .send()
                                    .json()
                                    .path("state")
                                    .asString()));
            media.add(api.get("/v1/media/" + id).token(token).send().json());
        }
        return media;
    }
}
