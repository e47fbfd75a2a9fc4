package dev.camroll.media;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import dev.camroll.jobs.Job;
import dev.camroll.storage.ObjectStore;
import dev.camroll.testing.Api;
import dev.camroll.testing.EndToEndTest;
import dev.camroll.testing.TestFiles;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The analysis survives a machine that dies: a repeat of a job finishes what the dead attempt began. */
class AnalysisCrashTests extends EndToEndTest {

    @Autowired
    ObjectStore store;

    @Autowired
    MediaAnalysis analysis;

    String user;

    String token;

    @BeforeEach
    void readyToSync() {
        user = newUser("crash");
        token = token(user);
        give(token, "cloud_processing");
    }

    /**
     * A process that dies after the analysis committed but before the original was deleted leaves a processed media
     * with a preview and its original. The job runs again once its lease expires and must finish what the dead
     * attempt began.
     */
    @Test
    void aRepeatedAnalysisDeletesTheOriginalACrashLeftAfterTheCommit() throws Exception {
        byte[] photo = MediaSamples.jpeg(MediaSamples.photo(400, 300, 11));
        String mediaId = awaitSettled(upload(api, List.of(photo))).get(0);
        String original = "u/" + userKey(user) + "/original/" + mediaId;
        store.put(original, new ByteArrayInputStream(photo), photo.length);
        jdbc.update("UPDATE media SET original_kept = true WHERE media_id = ?::uuid", mediaId);

        analysis.handle(repeatOf(mediaId));

        assertThat(store.head(original)).as("the original the crash left").isEmpty();
        assertThat(jdbc.queryForObject("SELECT original_kept FROM media WHERE media_id = ?::uuid", Boolean.class, mediaId))
            .isFalse();
        assertThat(filesOf(user)).containsExactlyInAnyOrderElementsOf(derivatives(List.of(mediaId)));

        analysis.handle(repeatOf(mediaId)); // once more: nothing left to do, nothing fails
        assertThat(filesOf(user)).containsExactlyInAnyOrderElementsOf(derivatives(List.of(mediaId)));
    }

    /** The repeat deletes only what the first attempt would have deleted. */
    @Test
    void aRepeatedAnalysisKeepsTheOriginalOfAUserWhoKeepsOriginals() throws Exception {
        give(token, "original_retention");
        String mediaId = awaitSettled(upload(api, List.of(MediaSamples.jpeg(MediaSamples.photo(400, 300, 12))))).get(0);
        String original = "u/" + userKey(user) + "/original/" + mediaId;
        assertThat(store.head(original)).isPresent();

        analysis.handle(repeatOf(mediaId));

        assertThat(store.head(original)).isPresent();
        assertThat(jdbc.queryForObject("SELECT original_kept FROM media WHERE media_id = ?::uuid", Boolean.class, mediaId))
            .isTrue();
    }

    /** Announces the files in one manifest and uploads each in one tus PATCH; answers the media ids in order. */
    private List<String> upload(Api to, List<byte[]> files) {
        to.put("/v1/devices/phone", Map.of("platform", "ios", "appVersion", "1", "photoLibraryAccess", "full"))
            .token(token).send();
        List<Map<String, Object>> lines = new ArrayList<>();
        for (int i = 0; i < files.size(); i++) {
            lines.add(Map.of("clientAssetId", "IMG_" + i, "sha256", TestFiles.sha256(files.get(i)), "size",
                    files.get(i).length, "mimeType", "image/jpeg", "kind", "photo"));
        }
        Api.Response announced = to.post("/v1/devices/phone/batches", Map.of("items", lines)).token(token).send();
        assertThat(announced.status()).as(announced.body()).isEqualTo(201);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < files.size(); i++) {
            JsonNode line = announced.json().path("items").get(i);
            String url = line.path("upload").path("url").asString();
            Api.Response patched = to.request("PATCH", url.substring(url.indexOf("/v1/"))).token(token)
                .header("Tus-Resumable", "1.0.0").header("Upload-Offset", "0")
                .header("Content-Type", "application/offset+octet-stream").bytes(files.get(i)).send();
            assertThat(patched.status()).as(patched.body()).isEqualTo(204);
            ids.add(line.path("mediaId").asString());
        }
        return ids;
    }

    private List<String> awaitSettled(List<String> mediaIds) {
        await().atMost(Duration.ofSeconds(30))
            .until(() -> unfinishedAnalyses() == 0 && processed() + failed() == mediaIds.size());
        return mediaIds;
    }

    /** The second attempt of the media's analysis, as the queue hands it over after lease recovery. */
    private Job repeatOf(String mediaId) {
        return new Job(UUID.randomUUID(), MediaLibrary.ANALYZE_MEDIA, user, "{\"mediaId\":\"" + mediaId + "\"}", 2, 5);
    }

    private int processed() {
        return countMedia("processed");
    }

    private int failed() {
        return countMedia("failed");
    }

    private int countMedia(String state) {
        return jdbc.queryForObject("SELECT count(*) FROM media WHERE subject = ? AND state = ?", Integer.class, user,
                state);
    }

    private int unfinishedAnalyses() {
        return jdbc.queryForObject("""
                SELECT count(*) FROM jobs WHERE type = 'analyze-media' AND subject = ? AND state IN ('queued', 'running')
                """, Integer.class, user);
    }

    private String userKey(String subject) {
        return jdbc.queryForObject("SELECT user_key FROM user_accounts WHERE subject = ?", String.class, subject);
    }

    private Path userDirectory(String subject) {
        return settings.dataDir().resolve("objects").resolve("u").resolve(userKey(subject));
    }

    /** Every file under the user's prefix in the filesystem store, temporary files included, relative to it. */
    private List<String> filesOf(String subject) throws IOException {
        Path dir = userDirectory(subject);
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).map(file -> dir.relativize(file).toString().replace('\\', '/'))
                .collect(Collectors.toList());
        }
    }

    private static List<String> derivatives(List<String> mediaIds) {
        return mediaIds.stream().flatMap(id -> Stream.of("preview/" + id + ".jpg", "thumb/" + id + ".jpg")).toList();
    }
}
