package dev.camroll.upload.internal;

import java.time.Duration;
import java.util.Arrays;
import java.util.Map;

import dev.camroll.CamrollApplication;
import dev.camroll.storage.ObjectStore;
import dev.camroll.testing.Api;
import dev.camroll.testing.EndToEndTest;
import dev.camroll.testing.TestDatabase;
import dev.camroll.testing.TestFiles;
import dev.camroll.testing.TusUploads;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A second application instance on the same PostgreSQL and the same object store (the filesystem store in a shared
 * data directory): uploads continue on whichever instance the next request reaches, and an instance that goes away
 * mid-upload loses nothing it had acknowledged.
 */
class TwoInstancesTests extends EndToEndTest {

    ConfigurableApplicationContext second;

    Api secondApi;

    @Autowired
    ObjectStore store;

    TusUploads uploads;

    @BeforeEach
    void startASecondInstance() {
        Map<String, Object> properties = TestDatabase.serviceProperties();
        properties.put("camroll.data-dir", settings.dataDir().toString());
        // Small checkpoints and a short writer lease, so the test sees progress recorded and a dead writer let go.
        properties.put("camroll.upload.checkpoint", "256KB");
        properties.put("camroll.upload.writer-lease", "2s");
        properties.put("server.shutdown", "immediate");
        properties.put("server.port", "0");
        second = new SpringApplicationBuilder(CamrollApplication.class)
                .properties(properties)
                .run(properties.entrySet().stream()
                        .map(e -> "--" + e.getKey() + "=" + e.getValue())
                        .toArray(String[]::new));
        secondApi =
                new Api(((WebServerApplicationContext) second).getWebServer().getPort());
        uploads = new TusUploads(api, token(newUser("two-phones"))).ready(currentNotice("cloud_processing", "en"));
        give(uploads.token(), "original_retention"); // the analysis keeps the original for the checks
    }

    @AfterEach
    void stopTheSecondInstance() {
        if (second.isActive()) {
            second.close();
        }
    }

    @Test
    void anIetfDraftUploadCutOffOnOneInstanceIsResumedOnTheOther() throws InterruptedException {
        TusUploads.Announced upload = uploads.announce(TestFiles.jpeg(1_000_000, 33), "image/jpeg", "photo");
        byte[] content = upload.content();
        int half = content.length / 2;
        String bearer = "Authorization: Bearer " + uploads.token();
        try (DraftExchange creation = new DraftExchange(
                port,
                "POST",
                upload.path(),
                content.length,
                bearer,
                "Upload-Draft-Interop-Version: 8",
                "Upload-Complete: ?1")) {
            assertThat(creation.next().status()).isEqualTo(104);
            creation.send(content, 0, half).cut();
        }
        int secondPort = ((WebServerApplicationContext) second).getWebServer().getPort();

        String offset = null;
        for (int i = 0; i < 100 && !String.valueOf(half).equals(offset); i++) {
            Thread.sleep(50);
            try (DraftExchange head = new DraftExchange(
                    secondPort, "HEAD", upload.path(), -1, bearer, "Upload-Draft-Interop-Version: 8")) {
                offset = head.last().header("Upload-Offset");
            }
        }
        assertThat(offset).isEqualTo(String.valueOf(half));
        DraftExchange.Response rest;
        try (DraftExchange append = new DraftExchange(
                secondPort,
                "PATCH",
                upload.path(),
                content.length - half,
                bearer,
                "Upload-Draft-Interop-Version: 8",
                "Upload-Complete: ?1",
                "Upload-Offset: " + half,
                "Content-Type: application/partial-upload")) {
            rest = append.send(content, half, content.length).last();
        }

        assertThat(rest.status()).as(rest.toString()).isEqualTo(201);
        assertThat(TusUploads.storedSha256(store, jdbc, upload.mediaId())).isEqualTo(TestFiles.sha256(content));
    }

    @Test
    void anUploadBegunOnOneInstanceIsFinishedOnTheOther() {
        TusUploads.Announced upload = uploads.announce(TestFiles.jpeg(1_000_000, 31), "image/jpeg", "photo");
        byte[] content = upload.content();
        int half = content.length / 2;

        assertThat(uploads.patch(upload, 0, Arrays.copyOf(content, half)).status())
                .isEqualTo(204);
        TusUploads onSecond = new TusUploads(secondApi, uploads.token());
        assertThat(onSecond.offset(upload)).isEqualTo(half);
        Api.Response rest = onSecond.patch(upload, half, Arrays.copyOfRange(content, half, content.length));

        assertThat(rest.status()).as(rest.body()).isEqualTo(204);
        assertThat(TusUploads.storedSha256(store, jdbc, upload.mediaId()))
                .as("checked in full by the instance that never saw the first half")
                .isEqualTo(TestFiles.sha256(content));
    }

    @Test
    void anInstanceThatGoesAwayMidUploadLosesNothingItAcknowledged() {
        TusUploads.Announced upload = uploads.announce(TestFiles.jpeg(3_000_000, 32), "image/jpeg", "photo");
        byte[] content = upload.content();
        int port = ((WebServerApplicationContext) second).getWebServer().getPort();
        RawPatch streaming = new RawPatch(port, upload.path(), uploads.token(), 0, content.length);
        streaming.send(content, 0, 1_200_000);
        await().atMost(Duration.ofSeconds(10)).until(() -> recordedOffset(upload) >= 1024 * 1024);
        long acknowledged = recordedOffset(upload);

        second.close(); // the instance goes away with the request still streaming
        streaming.close();

        await().atMost(Duration.ofSeconds(10)).until(() -> writerGone(upload));
        long offset = uploads.offset(upload);
        assertThat(offset).isGreaterThanOrEqualTo(acknowledged);
        Api.Response rest = uploads.patch(upload, offset, Arrays.copyOfRange(content, (int) offset, content.length));

        assertThat(rest.status()).as(rest.body()).isEqualTo(204);
        assertThat(TusUploads.storedSha256(store, jdbc, upload.mediaId())).isEqualTo(TestFiles.sha256(content));
    }

    @Test
    void aWithdrawalStopsAnUploadStreamingOnAnotherInstanceAndItsBytesGo() {
        TusUploads.Announced upload = uploads.announce(TestFiles.jpeg(3_000_000, 33), "image/jpeg", "photo");
        byte[] content = upload.content();
        int port = ((WebServerApplicationContext) second).getWebServer().getPort();
        try (RawPatch streaming = new RawPatch(port, upload.path(), uploads.token(), 0, content.length)) {
            streaming.send(content, 0, 600_000);
            await().atMost(Duration.ofSeconds(10)).until(() -> recordedOffset(upload) > 0);

            assertThat(withdraw(uploads.token(), "cloud_processing").status()).isEqualTo(200);

            // The streaming instance notices at its next lease renewal and stops writing, whatever the client sends.
            await().atMost(Duration.ofSeconds(10)).until(() -> stagingGone(upload) && writerGone(upload));
        }
        assertThat(store.list(""))
                .noneMatch(key -> key.contains(TusUploads.uploadId(upload)) || key.endsWith(upload.mediaId()));
    }

    /** No staged bytes on record; after a withdrawal the purge may have deleted the row itself, which counts too. */
    private boolean stagingGone(TusUploads.Announced upload) {
        return jdbc
                .queryForList(
                        "SELECT staging IS NULL FROM uploads WHERE upload_id = ?::uuid",
                        Boolean.class,
                        TusUploads.uploadId(upload))
                .stream()
                .allMatch(Boolean.TRUE::equals);
    }

    private long recordedOffset(TusUploads.Announced upload) {
        return jdbc.queryForObject(
                "SELECT upload_offset FROM uploads WHERE upload_id = ?::uuid",
                Long.class,
                upload.path().substring("/v1/uploads/".length()));
    }

    /** The dead instance's writer lease has run out (or it let go). */
    private boolean writerGone(TusUploads.Announced upload) {
        return jdbc
                .queryForList(
                        "SELECT writer IS NULL OR writer_until < now() FROM uploads WHERE upload_id = ?::uuid",
                        Boolean.class,
                        TusUploads.uploadId(upload))
                .stream()
                .allMatch(Boolean.TRUE::equals);
    }
}
