package dev.camroll.runtime;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.camroll.media.MediaSamples;
import dev.camroll.testing.Api;
import dev.camroll.testing.ServiceProcess;
import dev.camroll.testing.TusUploads;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A graceful stop (SIGTERM, Ctrl-C) of the embedded mode while analyses run: the job workers finish and record their
 * jobs before the embedded PostgreSQL stops, so after a restart nothing waits for a lease to expire.
 */
class EmbeddedShutdownTests {

    static final int PHOTOS = 12;

    @TempDir
    Path work;

    @Test
    void aGracefulStopLetsRunningJobsRecordTheirOutcomeBeforeTheDatabaseStops() throws Exception {
        Path dataDir = work.resolve("data");
        Map<String, Object> properties = new HashMap<>();
        properties.put("camroll.data-dir", dataDir);
        properties.put("camroll.jobs.workers", 2);
        List<String> jvm = List.of(
                "-Xmx512m",
                "-XX:TieredStopAtLevel=1",
                "-Djava.io.tmpdir=" + Files.createDirectories(work.resolve("tmp")));
        String token;
        try (ServiceProcess first =
                ServiceProcess.start(properties, jvm, work.resolve("first.log"), Duration.ofMinutes(2))) {
            Api api = new Api(first.port());
            token = api.devToken(dataDir, Map.of("sub", "alice"))
                    .send()
                    .json()
                    .path("token")
                    .asString();
            String notice = api.get("/v1/consent/purposes")
                    .token(token)
                    .send()
                    .json()
                    .get(0)
                    .path("noticeVersion")
                    .asString();
            TusUploads uploads = new TusUploads(api, token).ready(notice);
            List<byte[]> photos = new ArrayList<>();
            for (int i = 0; i < PHOTOS; i++) {
                photos.add(MediaSamples.jpeg(MediaSamples.photo(3000, 2000, 900 + i)));
            }
            uploads.uploadBatch(photos);
            await("some analyses done, others still to do")
                    .atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(50))
                    .until(() -> count(api, token, "processed") >= 1);

            assertThat(first.terminate(Duration.ofSeconds(60)))
                    .as("stopped within a minute")
                    .isTrue();
            assertThat(Files.readString(work.resolve("first.log")))
                    .as("no handler cut off by the database going away; the log:\n" + first.logTail(40))
                    .doesNotContain("handler(s) still running");
        }

        // The analyses that were running finished and recorded it; those still queued run now, at once. (Had a running
        // job lost its database, it would wait for its 5-minute lease before anyone took it back.)
        try (ServiceProcess second =
                ServiceProcess.start(properties, jvm, work.resolve("second.log"), Duration.ofMinutes(2))) {
            Api api = new Api(second.port());
            await("every photo processed after the restart")
                    .atMost(Duration.ofSeconds(90))
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> count(api, token, "processed") == PHOTOS);
        }
    }

    private static long count(Api api, String token, String state) {
        JsonNode items =
                api.get("/v1/media?limit=200").token(token).send().json().path("items");
        return items.valueStream()
                .filter(item -> state.equals(item.path("state").asString()))
                .count();
    }
}
