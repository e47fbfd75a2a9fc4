package dev.camroll.upload.internal;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import dev.camroll.testing.Api;
import dev.camroll.testing.TestFiles;
import dev.camroll.testing.TusUploads;
import io.tus.java.client.TusClient;
import io.tus.java.client.TusURLMemoryStore;
import io.tus.java.client.TusUpload;
import io.tus.java.client.TusUploader;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code duplicate} means stored. Two devices of one user announce the same photo: the second is answered with the
 * first one's upload, either device may finish it, and no batch says {@code complete} for a photo that never arrived.
 */
class SharedUploadTests extends UploadTest {

    TusUploads tablet;

    @BeforeEach
    void secondDevice() {
        tablet = uploads.device("tablet");
    }

    @Test
    void theTabletFinishesWhatThePhoneBeganAndBothBatchesCompleteWithOneMedia() throws Exception {
        byte[] photo = TestFiles.jpeg(900_000, 61);
        TusUploads.Announced onPhone = uploads.announce(photo, "image/jpeg", "photo");
        int half = photo.length / 2;
        assertThat(uploads.patch(onPhone, 0, Arrays.copyOf(photo, half)).status())
                .isEqualTo(204);

        TusUploads.Announced onTablet = tablet.announce(photo, "image/jpeg", "photo");

        assertThat(onTablet.uploadUrl()).as("the phone's upload").isEqualTo(onPhone.uploadUrl());
        assertThat(onTablet.mediaId()).isEqualTo(onPhone.mediaId());
        assertThat(tablet.batchLine(onTablet).path("state").asString()).isEqualTo("uploading");
        assertThat(tablet.batch(onTablet).path("state").asString()).isEqualTo("open");

        // The official tus client on the tablet resumes from the url its manifest gave, where HEAD says the upload
        // stands.
        TusURLMemoryStore urls = new TusURLMemoryStore();
        urls.set(onTablet.clientAssetId(), new URI(onTablet.uploadUrl()).toURL());
        TusUploader uploader = tusClient(urls).resumeUpload(tusUpload(onTablet));
        assertThat(uploader.getOffset()).isEqualTo(half);
        uploader.setRequestPayloadSize(256 * 1024);
        while (uploader.uploadChunk() > -1) {
            // the rest, in 256 KiB requests
        }
        uploader.finish();

        await().atMost(Duration.ofSeconds(30))
                .until(() -> "complete"
                                .equals(uploads.batch(onPhone).path("state").asString())
                        && "complete"
                                .equals(tablet.batch(onTablet).path("state").asString()));
        // complete once the content is stored; the analysis may still be running
        assertThat(tablet.batchLine(onTablet).path("state").asString()).isIn("stored", "processed");
        assertThat(tablet.batchLine(onTablet).path("mediaId").asString()).isEqualTo(onPhone.mediaId());
        assertThat(api.get("/v1/media").token(uploads.token()).send().json().path("items"))
                .hasSize(1);
        assertThat(TusUploads.storedSha256(store, jdbc, onPhone.mediaId())).isEqualTo(TestFiles.sha256(photo));
    }

    @Test
    void aTabletCreatingItsLineWithTheOfficialClientGetsTheSharedUpload() throws Exception {
        byte[] photo = TestFiles.jpeg(300_000, 62);
        TusUploads.Announced onPhone = uploads.announce(photo, "image/jpeg", "photo");
        TusUploads.Announced onTablet = tablet.announce(photo, "image/jpeg", "photo");

        // No url stored: the client creates its upload from the tablet's line (batchId, clientAssetId).
        TusUploader uploader = tusClient(new TusURLMemoryStore()).resumeOrCreateUpload(tusUpload(onTablet));
        while (uploader.uploadChunk() > -1) {
            // the whole file
        }
        uploader.finish();

        assertThat(uploader.getUploadURL().toString()).isEqualTo(onPhone.uploadUrl());
        await().atMost(Duration.ofSeconds(30))
                .until(() -> "complete"
                                .equals(uploads.batch(onPhone).path("state").asString())
                        && "complete"
                                .equals(tablet.batch(onTablet).path("state").asString()));
        assertThat(api.get("/v1/media").token(uploads.token()).send().json().path("items"))
                .hasSize(1);
    }

    @Test
    void anotherUserFindsNeitherTheSharedUploadNorTheTabletsLine() {
        byte[] photo = TestFiles.jpeg(100_000, 63);
        uploads.announce(photo, "image/jpeg", "photo");
        TusUploads.Announced onTablet = tablet.announce(photo, "image/jpeg", "photo");
        String stranger = token(newUser("stranger"));
        give(stranger, "cloud_processing");

        Api.Response head = api.request("HEAD", onTablet.path())
                .token(stranger)
                .header("Tus-Resumable", "1.0.0")
                .send();
        Api.Response patch = api.request("PATCH", onTablet.path())
                .token(stranger)
                .header("Tus-Resumable", "1.0.0")
                .header("Upload-Offset", "0")
                .header("Content-Type", "application/offset+octet-stream")
                .bytes(photo)
                .send();
        Api.Response create = api.post("/v1/uploads", null)
                .token(stranger)
                .header("Tus-Resumable", "1.0.0")
                .header("Upload-Length", String.valueOf(photo.length))
                .header(
                        "Upload-Metadata",
                        "batchId " + b64(onTablet.batchId()) + ",clientAssetId " + b64(onTablet.clientAssetId()))
                .send();

        assertThat(head.status()).isEqualTo(404);
        assertThat(patch.status()).isEqualTo(404);
        assertThat(create.status()).isEqualTo(404);
        assertThat(uploads.offset(onTablet))
                .as("nothing of the stranger's arrived")
                .isZero();
    }

    @Test
    void whenThePhonesUploadExpiresTheTabletsBatchIsNeverCompleteAndAnnouncingAgainGetsANewUpload() {
        byte[] shared = TestFiles.jpeg(120_000, 64);
        // The phone announces the shared photo and one it never sends, so its batch stays open throughout.
        List<TusUploads.Announced> phone = uploads.announceBatch(shared, TestFiles.jpeg(50_000, 65));
        List<TusUploads.Announced> onTablet = tablet.announceBatch(shared, TestFiles.jpeg(60_000, 66));
        assertThat(onTablet.get(0).uploadUrl()).isEqualTo(phone.get(0).uploadUrl());
        TusUploads.Announced tabletsOwn = onTablet.get(1);
        assertThat(tablet.patch(tabletsOwn, 0, tabletsOwn.content()).status()).isEqualTo(204);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> "processed"
                        .equals(tablet.batchLine(tabletsOwn).path("state").asString()));
        assertThat(tablet.batch(tabletsOwn).path("state").asString())
                .as("the shared photo has not arrived")
                .isEqualTo("open");
        assertThat(suggestionJobs()).isZero();

        jdbc.update(
                "UPDATE uploads SET expires_at = now() - interval '1 minute' WHERE upload_id = ?::uuid",
                TusUploads.uploadId(phone.get(0)));
        cleaner.sweep();

        JsonNode batch = tablet.batch(tabletsOwn);
        assertThat(batch.path("state").asString()).isEqualTo("expired");
        assertThat(tablet.batchLine(onTablet.get(0)).path("state").asString()).isEqualTo("failed");
        assertThat(tablet.batchLine(onTablet.get(0))
                        .path("problem")
                        .path("type")
                        .asString())
                .endsWith("/upload-gone");
        assertThat(suggestionJobs())
                .as("the tablet's batch settled, though the phone's still waits")
                .isEqualTo(1);

        TusUploads.Announced again = tablet.announce(shared, "image/jpeg", "photo");
        assertThat(again.uploadUrl()).isNotEqualTo(phone.get(0).uploadUrl());
        assertThat(tablet.patch(again, 0, shared).status()).isEqualTo(204);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> "complete".equals(tablet.batch(again).path("state").asString()));
        assertThat(tablet.batch(tabletsOwn).path("state").asString())
                .as("never complete")
                .isEqualTo("expired");
    }

    @Test
    void whenTheSharedUploadFailsItsChecksTheTabletsLineSaysSoAndAnnouncingAgainGetsANewUpload() {
        byte[] photo = TestFiles.jpeg(80_000, 67);
        TusUploads.Announced onPhone = uploads.announce(photo, "image/jpeg", "photo");
        TusUploads.Announced onTablet = tablet.announce(photo, "image/jpeg", "photo");
        byte[] other = photo.clone();
        other[other.length - 1] ^= 1; // not the announced file

        assertThat(uploads.patch(onPhone, 0, other).status()).isEqualTo(422);

        JsonNode line = tablet.batchLine(onTablet);
        assertThat(line.path("state").asString()).isEqualTo("failed");
        assertThat(line.path("problem").path("type").asString()).endsWith("/content-mismatch");
        TusUploads.Announced again = tablet.announce(photo, "image/jpeg", "photo");
        assertThat(again.uploadUrl()).isNotEqualTo(onPhone.uploadUrl());
        assertThat(api.get("/v1/media").token(uploads.token()).send().json().path("items"))
                .isEmpty();
    }

    @Test
    void aTabletsBatchSettlesWhenTheSharedPhotoIsAnalysedThoughThePhonesStillWaits() {
        byte[] shared = TestFiles.jpeg(70_000, 68);
        List<TusUploads.Announced> phone = uploads.announceBatch(shared, TestFiles.jpeg(50_000, 69));
        TusUploads.Announced onTablet = tablet.announce(shared, "image/jpeg", "photo");

        assertThat(tablet.patch(onTablet, 0, shared).status()).isEqualTo(204);

        await().atMost(Duration.ofSeconds(30))
                .until(() -> "processed"
                        .equals(tablet.batchLine(onTablet).path("state").asString()));
        assertThat(tablet.batch(onTablet).path("state").asString()).isEqualTo("complete");
        assertThat(uploads.batch(phone.get(0)).path("state").asString()).isEqualTo("open");
        assertThat(suggestionJobs())
                .as("queued with the analysis that settled the tablet's batch")
                .isEqualTo(1);
    }

    @Test
    void theTabletsAnnouncementGivesTheSharedUploadAFreshExpiry() {
        byte[] photo = TestFiles.jpeg(50_000, 72);
        TusUploads.Announced onPhone = uploads.announce(photo, "image/jpeg", "photo");
        jdbc.update(
                "UPDATE uploads SET expires_at = now() + interval '1 minute' WHERE upload_id = ?::uuid",
                TusUploads.uploadId(onPhone));

        JsonNode line = tablet.manifest(photo).path("items").get(0);

        Instant expiresAt = Instant.parse(line.path("upload").path("expiresAt").asString());
        assertThat(line.path("upload").path("url").asString()).isEqualTo(onPhone.uploadUrl());
        assertThat(expiresAt)
                .as("a full camroll.upload.expiry from the announcement")
                .isAfter(Instant.now().plus(Duration.ofHours(23)));
        assertThat(jdbc.queryForObject(
                                "SELECT expires_at FROM uploads WHERE upload_id = ?::uuid",
                                Timestamp.class,
                                TusUploads.uploadId(onPhone))
                        .toInstant())
                .isEqualTo(expiresAt);
    }

    @Test
    void theSameContentTwiceInOneManifestIsOneUploadThatBothLinesFollow() {
        byte[] photo = TestFiles.jpeg(60_000, 70);
        List<TusUploads.Announced> lines = uploads.announceBatch(photo, photo);
        assertThat(lines.get(1).uploadUrl()).isEqualTo(lines.get(0).uploadUrl());
        assertThat(uploads.batchLine(lines.get(1)).path("state").asString()).isEqualTo("awaiting_upload");

        assertThat(uploads.patch(lines.get(0), 0, photo).status()).isEqualTo(204);

        await().atMost(Duration.ofSeconds(30))
                .until(() -> "complete"
                        .equals(uploads.batch(lines.get(0)).path("state").asString()));
        for (JsonNode line : uploads.batch(lines.get(0)).path("items")) {
            assertThat(line.path("state").asString()).isIn("stored", "processed");
            assertThat(line.path("mediaId").asString()).isEqualTo(lines.get(0).mediaId());
        }
        assertThat(api.get("/v1/media").token(uploads.token()).send().json().path("items"))
                .hasSize(1);
    }

    @Test
    void contentAnnouncedAfterItIsStoredIsADuplicateAndItsBatchIsCompleteAtOnce() {
        byte[] photo = TestFiles.jpeg(60_000, 71);
        TusUploads.Announced onPhone = uploads.announce(photo, "image/jpeg", "photo");
        assertThat(uploads.patch(onPhone, 0, photo).status()).isEqualTo(204);

        JsonNode batch = tablet.manifest(photo);

        JsonNode line = batch.path("items").get(0);
        assertThat(line.path("disposition").asString()).isEqualTo("duplicate");
        assertThat(line.path("mediaId").asString()).isEqualTo(onPhone.mediaId());
        assertThat(line.has("upload")).isFalse();
        JsonNode status = api.get(
                        "/v1/devices/tablet/batches/" + batch.path("batchId").asString())
                .token(uploads.token())
                .send()
                .json();
        assertThat(status.path("state").asString()).isEqualTo("complete");
        assertThat(status.path("items").get(0).path("state").asString()).isEqualTo("duplicate");
    }

    /** The official client, resuming uploads by the urls in {@code urls} (by clientAssetId), creating the others. */
    private TusClient tusClient(TusURLMemoryStore urls) throws Exception {
        TusClient client = new TusClient();
        client.setUploadCreationURL(new URI("http://localhost:" + port + "/v1/uploads").toURL());
        client.setHeaders(Map.of("Authorization", "Bearer " + uploads.token()));
        client.enableResuming(urls);
        return client;
    }

    private static TusUpload tusUpload(TusUploads.Announced line) {
        TusUpload upload = new TusUpload();
        upload.setInputStream(new ByteArrayInputStream(line.content()));
        upload.setSize(line.content().length);
        upload.setFingerprint(line.clientAssetId());
        upload.setMetadata(Map.of("batchId", line.batchId(), "clientAssetId", line.clientAssetId()));
        return upload;
    }

    private int suggestionJobs() {
        return jdbc.queryForObject(
                "SELECT count(*) FROM jobs WHERE type = 'build-suggestions' AND subject = ?", Integer.class, user);
    }

    private static String b64(String value) {
        return Base64.getEncoder().encodeToString(value.getBytes());
    }
}
