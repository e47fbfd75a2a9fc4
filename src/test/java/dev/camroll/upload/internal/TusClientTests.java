package dev.camroll.upload.internal;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import dev.camroll.testing.Api;
import dev.camroll.testing.TestFiles;
import dev.camroll.testing.TusUploads;
import io.tus.java.client.TusClient;
import io.tus.java.client.TusURLMemoryStore;
import io.tus.java.client.TusUpload;
import io.tus.java.client.TusUploader;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The official tus Java client against the service, a connection cut off mid-file, and an upload the IETF draft began
 * that tus finishes.
 */
class TusClientTests extends UploadTest {

    @Test
    void theOfficialClientUploadsARealFileInChunks() throws Exception {
        TusUploads.Announced announced = uploads.announce(TestFiles.jpeg(1_500_000, 21), "image/jpeg", "photo");
        TusClient client = client(new TusURLMemoryStore());

        TusUploader uploader = client.resumeOrCreateUpload(tusUpload(announced));
        uploader.setChunkSize(64 * 1024);
        uploader.setRequestPayloadSize(256 * 1024);
        while (uploader.uploadChunk() > -1) {
            // each request carries 256 KiB; the server records every one
        }
        uploader.finish();

        assertThat(uploader.getUploadURL().toString()).isEqualTo(announced.uploadUrl());
        assertThat(TusUploads.storedSha256(store, jdbc, announced.mediaId()))
                .isEqualTo(TestFiles.sha256(announced.content()));
    }

    @Test
    void aConnectionCutOffMidFileResumesFromTheServersOffset() throws Exception {
        TusUploads.Announced announced = uploads.announce(TestFiles.jpeg(2_000_000, 22), "image/jpeg", "photo");
        byte[] content = announced.content();
        int sent = content.length / 2;
        try (RawPatch patch = new RawPatch(port, announced.path(), uploads.token(), 0, content.length)) {
            patch.send(content, 0, sent);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> writerReleased(announced) && received(announced) > 0);
        assertThat(uploads.offset(announced))
                .as("every byte that arrived was kept")
                .isEqualTo(sent);

        TusURLMemoryStore urls = new TusURLMemoryStore();
        TusUpload upload = tusUpload(announced);
        urls.set(upload.getFingerprint(), new URI(announced.uploadUrl()).toURL());
        TusUploader uploader = client(urls).resumeUpload(upload);
        assertThat(uploader.getOffset())
                .as("the client resumes where the server stands")
                .isEqualTo(sent);
        while (uploader.uploadChunk() > -1) {
            // the rest
        }
        uploader.finish();

        assertThat(TusUploads.storedSha256(store, jdbc, announced.mediaId())).isEqualTo(TestFiles.sha256(content));
    }

    @Test
    void theOfficialClientFinishesWhatAnIetfDraftAppendBegan() throws Exception {
        TusUploads.Announced announced = uploads.announce(TestFiles.jpeg(3_000_000, 24), "image/jpeg", "photo");
        byte[] content = announced.content();
        int begun = 400_000;
        Api.Response append = api.request("PATCH", announced.path())
                .token(uploads.token())
                .header("Upload-Draft-Interop-Version", "6")
                .header("Upload-Complete", "?0")
                .header("Upload-Offset", "0")
                .header("Content-Type", "application/partial-upload")
                .bytes(java.util.Arrays.copyOf(content, begun))
                .send();
        assertThat(append.status()).as(append.toString()).isBetween(200, 299);
        assertThat(append.header("Upload-Offset")).isEqualTo(String.valueOf(begun));

        TusURLMemoryStore urls = new TusURLMemoryStore();
        TusUpload upload = tusUpload(announced);
        urls.set(upload.getFingerprint(), new URI(announced.uploadUrl()).toURL());
        TusUploader uploader = client(urls).resumeUpload(upload);
        assertThat(uploader.getOffset())
                .as("tus sees the bytes the IETF draft's append sent: one upload, two protocols")
                .isEqualTo(begun);
        uploader.setRequestPayloadSize(256 * 1024);
        while (uploader.uploadChunk() > -1) {
            // the rest, with tus
        }
        uploader.finish();

        assertThat(TusUploads.storedSha256(store, jdbc, announced.mediaId())).isEqualTo(TestFiles.sha256(content));
        assertThat(jdbc.queryForList("SELECT sha256 FROM media WHERE subject = ?", String.class, user))
                .as("exactly one media for the file")
                .containsExactly(TestFiles.sha256(content));
    }

    @Test
    void ofTwoRacingPatchesOneWinsAndTheOtherIsAConflict() throws Exception {
        TusUploads.Announced announced = uploads.announce(TestFiles.jpeg(600_000, 23), "image/jpeg", "photo");
        byte[] content = announced.content();
        try (RawPatch slow = new RawPatch(port, announced.path(), uploads.token(), 0, content.length)) {
            slow.send(content, 0, 1000);
            await().atMost(Duration.ofSeconds(10)).until(() -> !writerReleased(announced));

            Api.Response racer = uploads.patch(announced, 0, content);

            assertThat(racer.status()).isEqualTo(409);
            assertThat(racer.problem()).isEqualTo("upload-busy");
            CompletableFuture<String> winner = CompletableFuture.supplyAsync(
                    () -> slow.send(content, 1000, content.length).statusLine());
            assertThat(winner.get(30, TimeUnit.SECONDS)).isEqualTo("HTTP/1.1 204");
        }
        assertThat(api.get("/v1/media/" + announced.mediaId())
                        .token(uploads.token())
                        .send()
                        .status())
                .isEqualTo(200);
    }

    private TusClient client(TusURLMemoryStore urls) throws Exception {
        TusClient client = new TusClient();
        client.setUploadCreationURL(new URI("http://localhost:" + port + "/v1/uploads").toURL());
        client.setHeaders(Map.of("Authorization", "Bearer " + uploads.token()));
        client.enableResuming(urls);
        return client;
    }

    private static TusUpload tusUpload(TusUploads.Announced announced) {
        TusUpload upload = new TusUpload();
        upload.setInputStream(new ByteArrayInputStream(announced.content()));
        upload.setSize(announced.content().length);
        upload.setFingerprint(announced.clientAssetId());
        upload.setMetadata(Map.of(
                "batchId",
                announced.batchId(),
                "clientAssetId",
                announced.clientAssetId(),
                "filename",
                announced.clientAssetId() + ".jpg"));
        return upload;
    }

    private long received(TusUploads.Announced announced) {
        return jdbc.queryForObject(
                "SELECT upload_offset FROM uploads WHERE upload_id = ?::uuid",
                Long.class,
                announced.path().substring("/v1/uploads/".length()));
    }

    private boolean writerReleased(TusUploads.Announced announced) {
        return Boolean.TRUE.equals(jdbc.queryForObject(
                "SELECT writer IS NULL FROM uploads WHERE upload_id = ?::uuid",
                Boolean.class,
                announced.path().substring("/v1/uploads/".length())));
    }
}
