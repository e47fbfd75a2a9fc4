package dev.camroll.upload.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import dev.camroll.testing.Api;
import dev.camroll.testing.TestFiles;
import dev.camroll.testing.TusUploads;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Clients that send their uploads slowly, on purpose or not, cannot pin the request threads: below the minimum rate
 * they are cut off and keep what they sent, one user streams at most a few uploads at once, and the uploads of an
 * instance hold at most their share of its threads. The minimum rate here is 200 bytes in any 2 s of waiting after
 * the first second; the instance takes 250 streaming uploads.
 */
@TestPropertySource(
        properties = {
            "camroll.upload.min-rate.bytes=200B",
            "camroll.upload.min-rate.window=2s",
            "camroll.upload.min-rate.grace=1s",
            "camroll.upload.concurrent-per-user=4",
            "camroll.upload.concurrent-per-instance=250"
        })
class SlowClientTests extends UploadTest {

    private static final int SLOW_CLIENTS = 250;

    /** Above the minimum rate: 100 bytes every 250 ms is 800 bytes in 2 s. */
    private static final int BRISK = 100;

    /** Below it: 1 byte every 250 ms is 8 bytes in 2 s. */
    private static final int TRICKLE = 1;

    private static final Duration TICK = Duration.ofMillis(250);

    @Autowired
    UploadAdmission admission;

    @Test
    void anotherUsersConsentAnswersWithinASecondWhile250SlowPatchesStreamAndTheyAreCutOffKeepingTheirBytes() {
        // 63 users of 4 uploads each: the per-user cap refuses none of them.
        List<Trickle.Target> targets = new ArrayList<>();
        for (int u = 0; targets.size() < SLOW_CLIENTS; u++) {
            TusUploads slow =
                    new TusUploads(api, token(newUser("slow"))).ready(currentNotice("cloud_processing", "en"));
            for (TusUploads.Announced upload : slow.announceBatch(
                    TestFiles.random(50_000, 4L * u),
                    TestFiles.random(50_000, 4L * u + 1),
                    TestFiles.random(50_000, 4L * u + 2),
                    TestFiles.random(50_000, 4L * u + 3))) {
                if (targets.size() < SLOW_CLIENTS) {
                    targets.add(new Trickle.Target(upload, slow.token()));
                }
            }
        }
        String locationNotice = currentNotice("location_analysis", "en");
        TusUploads.Announced oneTooMany = uploads.announce(TestFiles.random(50_000, 9_999), "image/jpeg", "photo");

        try (Trickle trickle = new Trickle(port, targets, BRISK, TICK)) {
            await("all 250 streaming")
                    .atMost(Duration.ofSeconds(60))
                    .until(() -> admission.streaming() == SLOW_CLIENTS);

            long started = System.nanoTime();
            Api.Response consent = api.put(
                            "/v1/consent/location_analysis", Map.of("state", "GIVEN", "noticeVersion", locationNotice))
                    .token(uploads.token())
                    .send();
            Duration consentTook = Duration.ofNanos(System.nanoTime() - started);
            started = System.nanoTime();
            Api.Response health = api.get("/actuator/health").send();
            Duration healthTook = Duration.ofNanos(System.nanoTime() - started);
            started = System.nanoTime();
            Api.Response refused = uploads.patch(oneTooMany, 0, oneTooMany.content());
            Duration refusalTook = Duration.ofNanos(System.nanoTime() - started);
            int streamingMeanwhile = admission.streaming();

            trickle.slowTo(TRICKLE);
            long slowed = System.nanoTime();
            await("all cut off").atMost(Duration.ofSeconds(60)).until(trickle::allAnswered);

            System.out.printf(
                    "250 slow PATCHes: consent PUT %d ms, health %d ms, 251st PATCH refused in %d ms, all cut off "
                            + "%d ms after they fell below the minimum rate%n",
                    consentTook.toMillis(),
                    healthTook.toMillis(),
                    refusalTook.toMillis(),
                    Duration.ofNanos(System.nanoTime() - slowed).toMillis());
            assertThat(trickle.failure()).isNull();
            assertThat(streamingMeanwhile).isEqualTo(SLOW_CLIENTS);
            assertThat(consent.status()).as(consent.body()).isEqualTo(200);
            assertThat(consentTook).isLessThan(Duration.ofSeconds(1));
            assertThat(health.status()).isEqualTo(200);
            assertThat(healthTook).isLessThan(Duration.ofSeconds(1));
            assertThat(refused.status()).as(refused.body()).isEqualTo(503);
            assertThat(refused.problem()).isEqualTo("service-unavailable");
            assertThat(refused.header("Retry-After")).isNotBlank();
            assertThat(uploads.offset(oneTooMany)).isZero();
            for (Trickle.Client client : trickle.clients()) {
                List<String> head = client.patch.answerHead();
                assertThat(head.get(0)).as(client.upload.path()).startsWith("HTTP/1.1 408");
                long acknowledged = Long.parseLong(header(head, "Upload-Offset"));
                // Bytes still on their way when the server cut the request off are not read; all it read are kept.
                assertThat(acknowledged).isPositive().isLessThanOrEqualTo(client.sent);
                assertThat(new TusUploads(api, client.token).offset(client.upload))
                        .isEqualTo(acknowledged);
                assertThat(client.patch.closedByServer())
                        .as("the connection is closed, not read to its end")
                        .isTrue();
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> admission.streaming() == 0);
        }
    }

    @Test
    void aFifthConcurrentPatchOfOneUserIsRefusedWithTooManyUploads() {
        List<TusUploads.Announced> five = uploads.announceBatch(
                TestFiles.random(50_000, 1),
                TestFiles.random(50_000, 2),
                TestFiles.random(50_000, 3),
                TestFiles.random(50_000, 4),
                TestFiles.jpeg(50_000, 5));
        List<Trickle.Target> four = five.subList(0, 4).stream()
                .map(u -> new Trickle.Target(u, uploads.token()))
                .toList();
        TusUploads.Announced fifth = five.get(4);

        try (Trickle streaming = new Trickle(port, four, BRISK, TICK)) {
            await().atMost(Duration.ofSeconds(20)).until(() -> admission.streaming() == 4);

            List<String> refused;
            boolean closed;
            try (RawPatch trickling = new RawPatch(port, fifth.path(), uploads.token(), 0, fifth.content().length)) {
                trickling.send(fifth.content(), 0, 10);
                refused = trickling.answerHead();
                closed = trickling.closedByServer();
            }
            Api.Response refusedWhole = uploads.patch(fifth, 0, fifth.content());

            assertThat(refused.get(0)).startsWith("HTTP/1.1 429");
            assertThat(header(refused, "Retry-After")).isNotBlank();
            assertThat(closed)
                    .as("the refused request's thread does not go on reading its body")
                    .isTrue();
            assertThat(refusedWhole.status()).as(refusedWhole.body()).isEqualTo(429);
            assertThat(refusedWhole.problem()).isEqualTo("too-many-uploads");
            assertThat(uploads.offset(fifth)).isZero();

            streaming.clients().get(0).patch.close(); // one of the four ends (its client goes away)
            await().atMost(Duration.ofSeconds(20)).until(() -> admission.streaming() == 3);
            Api.Response admitted = uploads.patch(fifth, 0, fifth.content());
            assertThat(admitted.status()).as(admitted.body()).isEqualTo(204);
            assertThat(TusUploads.storedSha256(store, jdbc, fifth.mediaId()))
                    .isEqualTo(TestFiles.sha256(fifth.content()));
            assertThat(streaming.failure()).isNull();
        }
    }

    @Test
    void aPatchBelowTheMinimumRateIsCutOffKeepingItsBytesAndTheRestCompletesTheFile() {
        TusUploads.Announced upload = uploads.announce(TestFiles.jpeg(300_000, 6), "image/jpeg", "photo");
        byte[] content = upload.content();

        List<String> head;
        long sent;
        try (RawPatch patch = new RawPatch(port, upload.path(), uploads.token(), 0, content.length)) {
            patch.send(content, 0, 100_000);
            for (sent = 100_000; !patch.answered() && sent < content.length - 1; sent++) {
                patch.send(content, (int) sent, (int) sent + 1);
                sleep(TICK);
            }
            head = patch.answerHead();
            assertThat(patch.closedByServer())
                    .as("the connection is closed, not read to its end")
                    .isTrue();
        }

        assertThat(head.get(0)).startsWith("HTTP/1.1 408");
        assertThat(header(head, "Content-Type")).startsWith("application/problem+json");
        long acknowledged = Long.parseLong(header(head, "Upload-Offset"));
        assertThat(acknowledged).isGreaterThanOrEqualTo(100_000).isLessThanOrEqualTo(sent);
        assertThat(uploads.offset(upload)).isEqualTo(acknowledged);
        Api.Response rest =
                uploads.patch(upload, acknowledged, Arrays.copyOfRange(content, (int) acknowledged, content.length));
        assertThat(rest.status()).as(rest.body()).isEqualTo(204);
        assertThat(TusUploads.storedSha256(store, jdbc, upload.mediaId())).isEqualTo(TestFiles.sha256(content));
    }

    /**
     * Judged only when bytes arrive, the rate cannot catch a client that sends nothing: Tomcat's read timeout does. Tomcat
     * then answers 408 through the error page, without the Upload-Offset header; a HEAD says where to continue.
     */
    @Test
    void aPatchThatSendsNothingMoreIsCutOffByTheReadTimeoutKeepingItsBytes() {
        TusUploads.Announced upload = uploads.announce(TestFiles.jpeg(100_000, 7), "image/jpeg", "photo");
        byte[] content = upload.content();

        List<String> head;
        long started = System.nanoTime();
        try (RawPatch patch = new RawPatch(port, upload.path(), uploads.token(), 0, content.length)) {
            patch.send(content, 0, 10_000);
            await().atMost(Duration.ofSeconds(60)).until(patch::answered); // server.tomcat.connection-timeout: 20s
            head = patch.answerHead();
            assertThat(patch.closedByServer()).isTrue();
        }
        System.out.printf(
                "A silent PATCH was answered %s after %d ms%n",
                head.get(0), Duration.ofNanos(System.nanoTime() - started).toMillis());

        assertThat(head.get(0)).startsWith("HTTP/1.1 408");
        assertThat(header(head, "Content-Type")).startsWith("application/problem+json");
        assertThat(uploads.offset(upload))
                .as("every byte that arrived was kept")
                .isEqualTo(10_000);
    }

    @Test
    void theApiDocumentDeclaresTheSlowUploadAnswersOfPatch() {
        JsonNode openApi = api.get("/v3/api-docs").send().json();
        JsonNode responses = openApi.path("paths")
                .path("/v1/uploads/{uploadId}")
                .path("patch")
                .path("responses");

        assertThat(responses.has("204")).as(responses.toString()).isTrue();
        assertThat(responses.path("408").path("description").asString()).contains("upload-too-slow");
        assertThat(responses.path("429").path("description").asString()).contains("too-many-uploads");
        assertThat(responses.path("503").path("description").asString()).contains("service-unavailable");
        assertThat(responses.path("429").path("content").has("application/problem+json"))
                .isTrue();
        assertThat(openApi.path("components")
                        .path("schemas")
                        .path("Problem")
                        .path("description")
                        .asString())
                .contains("upload-too-slow (408)", "too-many-uploads (429)");
    }

    private static String header(List<String> head, String name) {
        return head.stream()
                .filter(line -> line.regionMatches(true, 0, name + ":", 0, name.length() + 1))
                .map(line -> line.substring(name.length() + 1).trim())
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + name + " in " + head));
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
