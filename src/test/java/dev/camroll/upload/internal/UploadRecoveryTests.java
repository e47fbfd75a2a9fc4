package dev.camroll.upload.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.Arrays;

import dev.camroll.testing.Api;
import dev.camroll.testing.TestDatabase;
import dev.camroll.testing.TestFiles;
import dev.camroll.testing.TusUploads;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/** What happens around the edges of an upload: failures at the end, duplicates by race, discovery, termination. */
class UploadRecoveryTests extends UploadTest {

    @Test
    void aCompletionThatFailsKeepsEveryByteAndTheSweepCompletesIt() throws Exception {
        TusUploads.Announced upload = uploads.announce(TestFiles.jpeg(300_000, 51), "image/jpeg", "photo");
        Api.Response lastPatch;
        try (Connection holder = TestDatabase.get().superuser().getConnection()) {
            holder.setAutoCommit(false);
            try (PreparedStatement lock =
                    holder.prepareStatement("SELECT 1 FROM user_accounts WHERE subject = ? FOR UPDATE")) {
                lock.setString(1, user);
                lock.executeQuery();
            }
            lastPatch = uploads.patch(upload, 0, upload.content()); // the hand-over cannot get the user's lock
            holder.rollback();
        }
        assertThat(lastPatch.status()).isEqualTo(503);
        assertThat(uploads.offset(upload)).as("every byte is still there").isEqualTo(upload.content().length);

        cleaner.sweep();

        assertThat(TusUploads.storedSha256(store, jdbc, upload.mediaId()))
                .isEqualTo(TestFiles.sha256(upload.content()));
        // stored, or already analysed by the workers
        assertThat(uploads.batchLine(upload).path("state").asString()).isIn("stored", "processed");
    }

    @Test
    void aFirstRequestOfAFewBytesDoesNotSpoilTheTypeCheck() {
        TusUploads.Announced upload = uploads.announce(TestFiles.jpeg(100_000, 52), "image/jpeg", "photo");
        byte[] content = upload.content();

        assertThat(uploads.patch(upload, 0, Arrays.copyOf(content, 3)).status()).isEqualTo(204);
        Api.Response rest = uploads.patch(upload, 3, Arrays.copyOfRange(content, 3, content.length));

        assertThat(rest.status()).as(rest.body()).isEqualTo(204);
        assertThat(TusUploads.storedSha256(store, jdbc, upload.mediaId())).isEqualTo(TestFiles.sha256(content));
    }

    @Test
    void theSameContentCompletingTwiceByRaceEndsAsOneMedia() {
        byte[] photo = TestFiles.jpeg(80_000, 53);
        TusUploads.Announced first = uploads.announce(photo, "image/jpeg", "photo");
        // Hide the first from dedupe for a moment, as if both manifests had been decided at the same instant.
        jdbc.update(
                "UPDATE uploads SET sha256 = ? WHERE upload_id = ?::uuid", "0".repeat(64), TusUploads.uploadId(first));
        TusUploads.Announced second = uploads.announce(photo, "image/jpeg", "photo");
        jdbc.update(
                "UPDATE uploads SET sha256 = ? WHERE upload_id = ?::uuid",
                TestFiles.sha256(photo),
                TusUploads.uploadId(first));

        assertThat(uploads.patch(first, 0, photo).status()).isEqualTo(204);
        assertThat(uploads.patch(second, 0, photo).status()).isEqualTo(204);

        JsonNode line = uploads.batchLine(second);
        assertThat(line.path("state").asString()).isEqualTo("duplicate");
        assertThat(line.path("mediaId").asString()).isEqualTo(first.mediaId());
        assertThat(api.get("/v1/media").token(uploads.token()).send().json().path("items"))
                .hasSize(1);
        assertThat(store.list(""))
                .noneMatch(key -> key.endsWith(second.mediaId()) || key.contains(TusUploads.uploadId(second)));
    }

    @Test
    void aLineSharingAnUploadThatWasTerminatedMustComeAgain() {
        byte[] photo = TestFiles.jpeg(60_000, 54);
        TusUploads.Announced upload = uploads.announce(photo, "image/jpeg", "photo");
        TusUploads.Announced sharing = uploads.announce(photo, "image/jpeg", "photo");
        assertThat(sharing.uploadUrl()).isEqualTo(upload.uploadUrl());

        api.request("DELETE", upload.path())
                .token(uploads.token())
                .header("Tus-Resumable", "1.0.0")
                .send();

        JsonNode line = uploads.batchLine(sharing);
        assertThat(line.path("state").asString()).isEqualTo("failed");
        assertThat(line.path("problem").path("type").asString()).endsWith("/upload-gone");
        assertThat(uploads.announce(photo, "image/jpeg", "photo").uploadUrl()).isNotEqualTo(upload.uploadUrl());
    }

    @Test
    void discoveryNeedsNoTokenAndEveryAnswerNamesTheProtocolVersion() {
        TusUploads.Announced upload = uploads.announce(TestFiles.jpeg(50_000, 55), "image/jpeg", "photo");

        Api.Response options = api.request("OPTIONS", "/v1/uploads").send();
        Api.Response noToken = api.request("HEAD", upload.path())
                .header("Tus-Resumable", "1.0.0")
                .send();
        Api.Response wrongMethod = api.request("GET", upload.path())
                .token(uploads.token())
                .header("Tus-Resumable", "1.0.0")
                .send();
        Api.Response head = uploads.head(upload);

        assertThat(options.status()).isEqualTo(204);
        assertThat(noToken.status()).isEqualTo(401);
        assertThat(wrongMethod.status()).isEqualTo(405);
        for (Api.Response response : new Api.Response[] {options, noToken, wrongMethod, head}) {
            assertThat(response.header("Tus-Resumable")).isEqualTo("1.0.0");
        }
        assertThat(head.header("Upload-Length")).isEqualTo(String.valueOf(upload.content().length));
        assertThat(head.header("Cache-Control")).isEqualTo("no-store");
    }

    @Test
    void creationByAnotherUserOrAfterAWithdrawalIsRefused() {
        TusUploads.Announced upload = uploads.announce(TestFiles.jpeg(50_000, 56), "image/jpeg", "photo");
        String metadata = "batchId " + b64(upload.batchId()) + ",clientAssetId " + b64(upload.clientAssetId());
        TusUploads stranger =
                new TusUploads(api, token(newUser("stranger"))).ready(currentNotice("cloud_processing", "en"));

        Api.Response strangers = create(stranger.token(), upload, metadata);
        withdraw(uploads.token(), "cloud_processing");
        Api.Response afterWithdrawal = create(uploads.token(), upload, metadata);

        assertThat(strangers.status()).isEqualTo(404);
        assertThat(afterWithdrawal.status()).isEqualTo(403);
        assertThat(afterWithdrawal.problem()).isEqualTo("consent-required");
    }

    @Test
    void terminatingACompletedUploadKeepsItsMedia() {
        TusUploads.Announced upload = uploads.announce(TestFiles.jpeg(50_000, 57), "image/jpeg", "photo");
        uploads.patch(upload, 0, upload.content());

        Api.Response terminated = api.request("POST", upload.path())
                .token(uploads.token())
                .header("Tus-Resumable", "1.0.0")
                .header("X-HTTP-Method-Override", "DELETE")
                .send();

        assertThat(terminated.status()).isEqualTo(204);
        assertThat(api.get("/v1/media/" + upload.mediaId())
                        .token(uploads.token())
                        .send()
                        .status())
                .isEqualTo(200);
    }

    private Api.Response create(String token, TusUploads.Announced upload, String metadata) {
        return api.post("/v1/uploads", null)
                .token(token)
                .header("Tus-Resumable", "1.0.0")
                .header("Upload-Length", String.valueOf(upload.content().length))
                .header("Upload-Metadata", metadata)
                .send();
    }

    private static String b64(String value) {
        return java.util.Base64.getEncoder().encodeToString(value.getBytes());
    }
}
