package dev.camroll.media.internal;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.camroll.identity.Subject;
import dev.camroll.jobs.Job;
import dev.camroll.jobs.JobKind;
import dev.camroll.jobs.PermanentJobFailure;
import dev.camroll.media.MediaJobs;
import dev.camroll.media.MediaSamples;
import dev.camroll.storage.ObjectStore;
import dev.camroll.testing.Api;
import dev.camroll.testing.EndToEndTest;
import dev.camroll.testing.TestFiles;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.context.Lifecycle;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The original of a media whose analysis failed is kept for {@code camroll.media.failed-original-retention} (7 days),
 * for a retry after a decoder fix, and then deleted unless the user gives {@code original_retention}: on the real
 * database and the filesystem store, through the {@code drop-failed-originals} job.
 */
class FailedOriginalsTests extends EndToEndTest {

    @Autowired
    ObjectStore store;

    @Autowired
    FailedOriginals failedOriginals;

    @Autowired
    MediaAnalysis analysis;

    @Autowired
    ApplicationContext context;

    String user;

    String token;

    @BeforeEach
    void readyToSync() {
        user = newUser("unlucky");
        token = token(user);
        give(token, "cloud_processing");
        api.put("/v1/devices/phone", Map.of("platform", "ios", "appVersion", "1", "photoLibraryAccess", "full"))
                .token(token)
                .send();
    }

    @Test
    void aFailedMediaLosesItsOriginalOnceItHasBeenFailedLongerThanTheRetention() {
        String mediaId = failedMedia();
        failedFor(mediaId, Duration.ofDays(8));

        sweep();

        assertThat(hasOriginal(mediaId)).isFalse();
        assertThat(jdbc.queryForObject(
                        "SELECT original_kept FROM media WHERE media_id = ?::uuid", Boolean.class, mediaId))
                .isFalse();
        JsonNode media = api.get("/v1/media/" + mediaId).token(token).send().json();
        assertThat(media.path("state").asString()).isEqualTo("failed");
        assertThat(media.path("problem").path("type").asString()).endsWith("/image-too-large");
        assertThat(media.path("problem").path("detail").asString())
                .startsWith(AnalysisProblem.IMAGE_TOO_LARGE.sentence())
                .endsWith(MediaItems.ORIGINAL_DELETED);
    }

    @Test
    void aFailedMediaWithinTheRetentionKeepsItsOriginal() {
        String mediaId = failedMedia();
        failedFor(mediaId, Duration.ofDays(6));

        sweep();

        assertThat(hasOriginal(mediaId)).isTrue();
        assertThat(api.get("/v1/media/" + mediaId)
                        .token(token)
                        .send()
                        .json()
                        .path("problem")
                        .path("detail")
                        .asString())
                .doesNotContain(MediaItems.ORIGINAL_DELETED);
    }

    @Test
    void aFailedMediaOfAUserWhoKeepsOriginalsKeepsItsOriginal() {
        give(token, "original_retention");
        String mediaId = failedMedia();
        failedFor(mediaId, Duration.ofDays(30));

        sweep();

        assertThat(hasOriginal(mediaId)).isTrue();
        assertThat(jdbc.queryForObject(
                        "SELECT original_kept FROM media WHERE media_id = ?::uuid", Boolean.class, mediaId))
                .isTrue();
    }

    @Test
    void everyInstanceAsksForTheSweepAndOneJobOnTheQueueDoesIt() {
        String mediaId = failedMedia();
        failedFor(mediaId, Duration.ofDays(8));
        Lifecycle workers = context.getBean("jobWorkers", Lifecycle.class);
        workers.stop();
        try {
            failedOriginals.queueSweep(); // as each instance does hourly
            failedOriginals.queueSweep();

            assertThat(jdbc.queryForObject(
                            "SELECT count(*) FROM jobs WHERE type = ? AND state = 'queued'",
                            Integer.class,
                            FailedOriginals.DROP_FAILED_ORIGINALS.type()))
                    .isEqualTo(1);
        } finally {
            workers.start();
        }
        await("the sweep on the queue").atMost(Duration.ofSeconds(30)).until(() -> !hasOriginal(mediaId));
    }

    @Test
    void aRetryOnceTheOriginalIsGoneIsRefusedClearly() throws Exception {
        String mediaId = failedMedia();
        failedFor(mediaId, Duration.ofDays(8));
        sweep();
        // An operator's retry that did not ask whether the original is still there (docs/operations.md does).
        jdbc.update("UPDATE media SET state = 'stored' WHERE media_id = ?::uuid", mediaId);

        Job attempt = analysisOf(mediaId);
        assertThatThrownBy(() -> analysis.handle(attempt, MediaJobs.ANALYZE_MEDIA.read(attempt)))
                .isInstanceOf(PermanentJobFailure.class)
                .hasMessageContaining("original of this media was deleted");
        assertThat(jdbc.queryForObject("SELECT state FROM media WHERE media_id = ?::uuid", String.class, mediaId))
                .isEqualTo("stored");
    }

    @Test
    void aRetryWithinTheRetentionAsOperationsMdDescribesItAnalysesTheFileAgain() {
        String mediaId = failedMedia();
        failedFor(mediaId, Duration.ofDays(2));

        // The statement of docs/operations.md (Analysing failed media again), for this media's problem type.
        jdbc.update("""
                WITH again AS (
                    UPDATE media SET state = 'stored', problem_type = NULL, problem_detail = NULL, updated_at = now()
                    WHERE state = 'failed' AND original_kept AND problem_type = 'image-too-large'
                        AND media_id = ?::uuid
                    RETURNING media_id, subject)
                INSERT INTO jobs (id, type, subject, payload, state, max_attempts, run_at, created_at, updated_at)
                SELECT gen_random_uuid(), 'analyze-media', subject, json_build_object('mediaId', media_id)::text,
                    'queued', 5, now(), now(), now()
                FROM again
                """, mediaId);

        await("analysed again")
                .atMost(Duration.ofSeconds(30))
                .until(() -> jdbc.queryForObject(
                        "SELECT state = 'failed' AND analyzed_at > now() - interval '1 hour' FROM media WHERE media_id = ?::uuid",
                        Boolean.class,
                        mediaId));
        assertThat(hasOriginal(mediaId)).isTrue();
    }

    /** A file that fails its analysis for good: a PNG whose header claims 900 megapixels. */
    private String failedMedia() {
        byte[] bomb = MediaSamples.pngClaiming(30000, 30000);
        JsonNode batch = api.post(
                        "/v1/devices/phone/batches",
                        Map.of(
                                "items",
                                List.of(Map.of(
                                        "clientAssetId",
                                        "IMG_1",
                                        "sha256",
                                        TestFiles.sha256(bomb),
                                        "size",
                                        bomb.length,
                                        "mimeType",
                                        "image/png",
                                        "kind",
                                        "photo"))))
                .token(token)
                .send()
                .json();
        JsonNode line = batch.path("items").get(0);
        String url = line.path("upload").path("url").asString();
        Api.Response patched = api.request("PATCH", url.substring(url.indexOf("/v1/")))
                .token(token)
                .header("Tus-Resumable", "1.0.0")
                .header("Upload-Offset", "0")
                .header("Content-Type", "application/offset+octet-stream")
                .bytes(bomb)
                .send();
        assertThat(patched.status()).as(patched.body()).isEqualTo(204);
        String mediaId = line.path("mediaId").asString();
        await().atMost(Duration.ofSeconds(30))
                .until(() -> "failed"
                        .equals(jdbc.queryForObject(
                                "SELECT state FROM media WHERE media_id = ?::uuid", String.class, mediaId)));
        assertThat(hasOriginal(mediaId))
                .as("a failed media keeps its original at first")
                .isTrue();
        return mediaId;
    }

    private void failedFor(String mediaId, Duration age) {
        jdbc.update(
                "UPDATE media SET analyzed_at = now() - make_interval(secs => ?) WHERE media_id = ?::uuid",
                age.toSeconds(),
                mediaId);
    }

    /** One run of the sweep, as the job queue would run it. */
    private void sweep() {
        failedOriginals.handle(
                new Job(UUID.randomUUID(), FailedOriginals.DROP_FAILED_ORIGINALS.type(), null, "{}", 1, 5),
                new JobKind.NoPayload());
    }

    private Job analysisOf(String mediaId) {
        return new Job(
                UUID.randomUUID(),
                MediaJobs.ANALYZE_MEDIA.type(),
                Subject.of(user),
                "{\"mediaId\":\"" + mediaId + "\"}",
                1,
                5);
    }

    private boolean hasOriginal(String mediaId) {
        return store.list("u/").stream().anyMatch(key -> key.endsWith("/original/" + mediaId));
    }
}
