package dev.camroll.upload.internal;

import java.util.Arrays;
import java.util.Base64;
import java.util.Map;

import dev.camroll.testing.Api;
import dev.camroll.testing.TestFiles;
import dev.camroll.testing.TusUploads;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/** Every rule of the contract's upload section, over real HTTP. */
class TusProtocolTests extends UploadTest {

    @Test
    void optionsAdvertisesTheProtocolAndItsExtensions() {
        Api.Response options =
                api.request("OPTIONS", "/v1/uploads").token(uploads.token()).send();

        assertThat(options.status()).isEqualTo(204);
        assertThat(options.header("Tus-Version")).isEqualTo("1.0.0");
        assertThat(options.header("Tus-Resumable")).isEqualTo("1.0.0");
        assertThat(options.header("Tus-Extension").split(","))
                .contains("creation", "creation-with-upload", "termination", "checksum", "expiration");
        assertThat(options.header("Tus-Checksum-Algorithm").split(",")).contains("sha256", "sha1");
        assertThat(Long.parseLong(options.header("Tus-Max-Size"))).isPositive();
    }

    @Test
    void aWholeFileInOnePatchBecomesMediaWithItsAnalysisQueued() {
        TusUploads.Announced upload = uploads.announce(TestFiles.jpeg(200_000, 1), "image/jpeg", "photo");

        Api.Response patched = uploads.patch(upload, 0, upload.content());

        assertThat(patched.status()).as(patched.body()).isEqualTo(204);
        assertThat(patched.header("Upload-Offset")).isEqualTo(String.valueOf(upload.content().length));
        assertThat(patched.header("Tus-Resumable")).isEqualTo("1.0.0");
        JsonNode media = api.get("/v1/media/" + upload.mediaId())
                .token(uploads.token())
                .send()
                .json();
        // The queued analysis may already have run: a small photo takes the workers a few milliseconds.
        assertThat(media.path("state").asString()).isIn("stored", "processed");
        assertThat(TusUploads.storedSha256(store, jdbc, upload.mediaId()))
                .isEqualTo(TestFiles.sha256(upload.content()));
        assertThat(jdbc.queryForObject(
                        "SELECT count(*) FROM jobs WHERE type = 'analyze-media' AND subject = ? "
                                + "AND payload LIKE ?",
                        Integer.class,
                        user,
                        "%" + upload.mediaId() + "%"))
                .isEqualTo(1);
        assertThat(uploads.batchLine(upload).path("state").asString()).isIn("stored", "processed");
        String key = (String) jdbc.queryForObject(
                        "SELECT 'u/' || user_key || '/original/' FROM user_accounts WHERE subject = ?",
                        String.class,
                        user)
                + upload.mediaId();
        assertThat(store.head(key))
                .hasValueSatisfying(info -> assertThat(info.size()).isEqualTo(upload.content().length));
        assertThat(store.list("staging/")).noneMatch(staged -> staged.contains(TusUploads.uploadId(upload)));
    }

    @Test
    void piecesAtTheRightOffsetsAddUpAndTheWrongOffsetIsAConflict() {
        TusUploads.Announced upload = uploads.announce(TestFiles.jpeg(300_000, 2), "image/jpeg", "photo");
        byte[] content = upload.content();
        int third = content.length / 3;

        assertThat(uploads.patch(upload, 0, Arrays.copyOfRange(content, 0, third))
                        .status())
                .isEqualTo(204);
        Api.Response wrongOffset = uploads.patch(upload, 5, Arrays.copyOfRange(content, 5, third));
        assertThat(uploads.patch(upload, third, Arrays.copyOfRange(content, third, 2 * third))
                        .status())
                .isEqualTo(204);
        assertThat(uploads.batchLine(upload).path("state").asString()).isEqualTo("uploading");
        assertThat(uploads.batchLine(upload).path("bytesReceived").asLong()).isEqualTo(2L * third);
        Api.Response last = uploads.patch(upload, 2L * third, Arrays.copyOfRange(content, 2 * third, content.length));

        assertThat(wrongOffset.status()).isEqualTo(409);
        assertThat(wrongOffset.problem()).isEqualTo("offset-mismatch");
        assertThat(wrongOffset.header("Upload-Offset")).isEqualTo(String.valueOf(third));
        assertThat(last.status()).isEqualTo(204);
        assertThat(TusUploads.storedSha256(store, jdbc, upload.mediaId())).isEqualTo(TestFiles.sha256(content));
    }

    @Test
    void requestsWithoutTheProtocolVersionOrWithTheWrongTypeAreRefused() {
        TusUploads.Announced upload = uploads.announce(TestFiles.jpeg(50_000, 3), "image/jpeg", "photo");

        Api.Response noVersion = api.request("PATCH", upload.path())
                .token(uploads.token())
                .header("Upload-Offset", "0")
                .header("Content-Type", "application/offset+octet-stream")
                .bytes(upload.content())
                .send();
        Api.Response wrongType = api.request("PATCH", upload.path())
                .token(uploads.token())
                .header("Tus-Resumable", "1.0.0")
                .header("Upload-Offset", "0")
                .header("Content-Type", "application/octet-stream")
                .bytes(upload.content())
                .send();

        assertThat(noVersion.status()).isEqualTo(412);
        assertThat(noVersion.header("Tus-Version")).isEqualTo("1.0.0");
        assertThat(noVersion.problem()).isEqualTo("tus-version-unsupported");
        assertThat(wrongType.status()).isEqualTo(415);
        assertThat(uploads.offset(upload)).isZero();
    }

    @Test
    void aChunkThatDoesNotMatchItsChecksumIsNotKept() throws Exception {
        TusUploads.Announced upload = uploads.announce(TestFiles.jpeg(80_000, 4), "image/jpeg", "photo");
        byte[] content = upload.content();
        String wrong = Base64.getEncoder()
                .encodeToString(
                        java.security.MessageDigest.getInstance("SHA-256").digest(new byte[1]));
        String right = Base64.getEncoder()
                .encodeToString(java.security.MessageDigest.getInstance("SHA-1").digest(content));

        Api.Response mismatch = withChecksum(upload, content, "sha256 " + wrong);
        long offsetAfterMismatch = uploads.offset(upload);
        Api.Response unknownAlgorithm = withChecksum(upload, content, "crc32 AAAA");
        Api.Response matching = withChecksum(upload, content, "sha1 " + right);

        assertThat(mismatch.status()).isEqualTo(460);
        assertThat(mismatch.problem()).isEqualTo("checksum-mismatch");
        assertThat(offsetAfterMismatch).isZero();
        assertThat(unknownAlgorithm.status()).isEqualTo(400);
        assertThat(unknownAlgorithm.problem()).isEqualTo("checksum-algorithm-unsupported");
        assertThat(matching.status()).isEqualTo(204);
        assertThat(api.get("/v1/media/" + upload.mediaId())
                        .token(uploads.token())
                        .send()
                        .status())
                .isEqualTo(200);
    }

    @Test
    void anotherUsersUploadIsNotFound() {
        TusUploads.Announced upload = uploads.announce(TestFiles.jpeg(50_000, 5), "image/jpeg", "photo");
        TusUploads stranger =
                new TusUploads(api, token(newUser("stranger"))).ready(currentNotice("cloud_processing", "en"));

        assertThat(stranger.head(upload).status()).isEqualTo(404);
        assertThat(stranger.patch(upload, 0, upload.content()).status()).isEqualTo(404);
        assertThat(api.request("DELETE", upload.path())
                        .token(stranger.token())
                        .header("Tus-Resumable", "1.0.0")
                        .send()
                        .status())
                .isEqualTo(404);
        assertThat(uploads.offset(upload)).isZero();
    }

    @Test
    void creationFindsTheSameUploadEveryTimeAndCanCarryTheBytes() {
        TusUploads.Announced upload = uploads.announce(TestFiles.jpeg(60_000, 6), "image/jpeg", "photo");
        String metadata = "batchId " + b64(upload.batchId()) + ",clientAssetId " + b64(upload.clientAssetId())
                + ",filename " + b64("IMG_1.JPG");

        Api.Response first = api.post("/v1/uploads", null)
                .token(uploads.token())
                .header("Tus-Resumable", "1.0.0")
                .header("Upload-Length", String.valueOf(upload.content().length))
                .header("Upload-Metadata", metadata)
                .send();
        Api.Response withBody = api.request("POST", "/v1/uploads")
                .token(uploads.token())
                .header("Tus-Resumable", "1.0.0")
                .header("Upload-Length", String.valueOf(upload.content().length))
                .header("Upload-Metadata", metadata)
                .header("Content-Type", "application/offset+octet-stream")
                .bytes(upload.content())
                .send();
        Api.Response wrongLength = api.post("/v1/uploads", null)
                .token(uploads.token())
                .header("Tus-Resumable", "1.0.0")
                .header("Upload-Length", "7")
                .header("Upload-Metadata", metadata)
                .send();
        Api.Response unknownLine = api.post("/v1/uploads", null)
                .token(uploads.token())
                .header("Tus-Resumable", "1.0.0")
                .header("Upload-Length", "7")
                .header("Upload-Metadata", "batchId " + b64(upload.batchId()) + ",clientAssetId " + b64("nope"))
                .send();

        assertThat(first.status()).isEqualTo(201);
        assertThat(first.header("Location")).isEqualTo(upload.uploadUrl());
        assertThat(first.header("Upload-Offset")).isEqualTo("0");
        assertThat(first.header("Upload-Expires"))
                .matches("[A-Z][a-z]{2}, \\d{2} [A-Z][a-z]{2} \\d{4} \\d{2}:\\d{2}:\\d{2} GMT");
        assertThat(withBody.status()).isEqualTo(201);
        assertThat(withBody.header("Location")).isEqualTo(upload.uploadUrl());
        assertThat(withBody.header("Upload-Offset")).isEqualTo(String.valueOf(upload.content().length));
        assertThat(wrongLength.status()).isEqualTo(400);
        assertThat(unknownLine.status()).isEqualTo(404);
        assertThat(api.get("/v1/media/" + upload.mediaId())
                        .token(uploads.token())
                        .send()
                        .status())
                .isEqualTo(200);
    }

    @Test
    void aFileThatIsNotTheAnnouncedOneFailsAndItsBytesAreRemoved() {
        byte[] announced = TestFiles.jpeg(40_000, 7);
        byte[] other = Arrays.copyOf(TestFiles.jpeg(40_000, 8), announced.length);
        TusUploads.Announced upload = uploads.announce(other, TestFiles.sha256(announced), "image/jpeg", "photo");

        Api.Response patched = uploads.patch(upload, 0, other);

        assertThat(patched.status()).isEqualTo(422);
        assertThat(patched.problem()).isEqualTo("content-mismatch");
        assertNothingStoredFor(upload);
        assertThat(uploads.batchLine(upload).path("state").asString()).isEqualTo("failed");
        assertThat(uploads.batchLine(upload).path("problem").path("type").asString())
                .endsWith("/content-mismatch");
        assertThat(uploads.head(upload).status()).isEqualTo(410);
    }

    @Test
    void bytesThatAreNoAcceptedImageFailAsUnsupportedAndAreRemoved() {
        byte[] notAPhoto = TestFiles.random(30_000, 9);
        TusUploads.Announced upload = uploads.announce(notAPhoto, "image/jpeg", "photo");
        TusUploads.Announced pngAsVideo = uploads.announce(TestFiles.png(64, 64, 10), "video/mp4", "video");

        Api.Response patched = uploads.patch(upload, 0, notAPhoto);
        Api.Response mislabelled = uploads.patch(pngAsVideo, 0, pngAsVideo.content());

        assertThat(patched.status()).isEqualTo(422);
        assertThat(patched.problem()).isEqualTo("unsupported-media-type");
        assertThat(mislabelled.status()).isEqualTo(422);
        assertNothingStoredFor(upload);
        assertNothingStoredFor(pngAsVideo);
    }

    @Test
    void terminationEndsTheUploadAndRemovesItsBytes() {
        TusUploads.Announced upload = uploads.announce(TestFiles.jpeg(90_000, 11), "image/jpeg", "photo");
        uploads.patch(upload, 0, Arrays.copyOf(upload.content(), 40_000));
        assertThat(store.list("staging/"))
                .anyMatch(key -> key.contains(upload.path().substring(12)));

        Api.Response terminated = api.request("DELETE", upload.path())
                .token(uploads.token())
                .header("Tus-Resumable", "1.0.0")
                .send();

        assertThat(terminated.status()).isEqualTo(204);
        assertThat(uploads.head(upload).status()).isEqualTo(410);
        assertNothingStoredFor(upload);
    }

    @Test
    void anExpiredUploadIsGoneAndTheSweepRemovesItsBytes() {
        TusUploads.Announced upload = uploads.announce(TestFiles.jpeg(90_000, 12), "image/jpeg", "photo");
        uploads.patch(upload, 0, Arrays.copyOf(upload.content(), 30_000));
        jdbc.update(
                "UPDATE uploads SET expires_at = now() - interval '1 minute' WHERE upload_id = ?::uuid",
                upload.path().substring(12));

        Api.Response head = uploads.head(upload);
        Api.Response patch =
                uploads.patch(upload, 30_000, Arrays.copyOfRange(upload.content(), 30_000, upload.content().length));
        cleaner.sweep();

        assertThat(head.status()).isEqualTo(410);
        assertThat(patch.status()).isEqualTo(410);
        assertThat(jdbc.queryForObject(
                        "SELECT state FROM uploads WHERE upload_id = ?::uuid",
                        String.class,
                        upload.path().substring(12)))
                .isEqualTo("expired");
        assertNothingStoredFor(upload);
        assertThat(uploads.batchLine(upload).path("state").asString()).isEqualTo("failed");
    }

    @Test
    void withdrawingCloudProcessingRefusesEveryUploadAndRemovesItsStagedBytes() {
        TusUploads.Announced upload = uploads.announce(TestFiles.jpeg(90_000, 13), "image/jpeg", "photo");
        uploads.patch(upload, 0, Arrays.copyOf(upload.content(), 30_000));

        assertThat(withdraw(uploads.token(), "cloud_processing").status()).isEqualTo(200);
        assertNothingStoredFor(upload); // removed by the withdrawal itself, before any further request
        Api.Response patch =
                uploads.patch(upload, 30_000, Arrays.copyOfRange(upload.content(), 30_000, upload.content().length));

        assertNothingStoredFor(upload);
        assertThat(patch.status()).isEqualTo(403);
        assertThat(patch.problem()).isEqualTo("consent-required");
        assertThat(jdbc.queryForList(
                        "SELECT state FROM uploads WHERE upload_id = ?::uuid",
                        String.class,
                        upload.path().substring(12)))
                .as("cancelled, or already deleted by the purge")
                .isSubsetOf("cancelled");
    }

    @Test
    void contentAlreadyUploadedIsADuplicateInTheNextManifest() {
        TusUploads.Announced upload = uploads.announce(TestFiles.jpeg(50_000, 14), "image/jpeg", "photo");
        uploads.patch(upload, 0, upload.content());

        JsonNode again = api.post("/v1/devices/phone/batches", Map.of("items", new Object[] {
                    Map.of(
                            "clientAssetId",
                            "copy",
                            "sha256",
                            TestFiles.sha256(upload.content()),
                            "size",
                            upload.content().length,
                            "mimeType",
                            "image/jpeg",
                            "kind",
                            "photo")
                }))
                .token(uploads.token())
                .send()
                .json();

        assertThat(again.path("items").get(0).path("disposition").asString()).isEqualTo("duplicate");
        assertThat(again.path("items").get(0).path("mediaId").asString()).isEqualTo(upload.mediaId());
    }

    private Api.Response withChecksum(TusUploads.Announced upload, byte[] bytes, String checksum) {
        return api.request("PATCH", upload.path())
                .token(uploads.token())
                .header("Tus-Resumable", "1.0.0")
                .header("Upload-Offset", "0")
                .header("Upload-Checksum", checksum)
                .header("Content-Type", "application/offset+octet-stream")
                .bytes(bytes)
                .send();
    }

    private void assertNothingStoredFor(TusUploads.Announced upload) {
        String uploadId = upload.path().substring("/v1/uploads/".length());
        assertThat(store.list("")).noneMatch(key -> key.contains(uploadId) || key.endsWith(upload.mediaId()));
        assertThat(jdbc.queryForList(
                        "SELECT staging IS NULL FROM uploads WHERE upload_id = ?::uuid", Boolean.class, uploadId))
                .as("no staged bytes on record (the purge may have deleted the row)")
                .isSubsetOf(true);
        assertThat(api.get("/v1/media/" + upload.mediaId())
                        .token(uploads.token())
                        .send()
                        .status())
                .isEqualTo(404);
    }

    private static String b64(String value) {
        return Base64.getEncoder().encodeToString(value.getBytes());
    }
}
