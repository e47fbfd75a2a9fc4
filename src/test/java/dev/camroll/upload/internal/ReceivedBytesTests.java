package dev.camroll.upload.internal;

import java.security.MessageDigest;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.camroll.testing.Api;
import dev.camroll.testing.TestFiles;
import dev.camroll.testing.TusUploads;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code camroll_upload_received_bytes_total{protocol}} at /actuator/prometheus counts the body bytes kept in uploads'
 * staging: each byte once, whichever protocol brought it, including those of a request that was cut off.
 */
class ReceivedBytesTests extends UploadTest {

    private String admin;

    @BeforeEach
    void operator() {
        admin = token(newUser("operator"), "admin");
    }

    @Test
    void aTusUploadCountsItsFileOnce() {
        TusUploads.Announced upload = uploads.announce(TestFiles.jpeg(300_000, 31), "image/jpeg", "photo");
        double before = received("tus");

        assertThat(uploads.patch(upload, 0, upload.content()).status()).isEqualTo(204);

        assertThat(received("tus") - before).isEqualTo(upload.content().length);
    }

    @Test
    void anUploadCutOffAndResumedCountsTheFileOnceWithTheBytesThatArrivedBeforeTheCut() {
        TusUploads.Announced upload = uploads.announce(TestFiles.jpeg(1_000_000, 32), "image/jpeg", "photo");
        byte[] content = upload.content();
        int sent = content.length / 3;
        double before = received("tus");

        try (RawPatch patch = new RawPatch(port, upload.path(), uploads.token(), 0, content.length)) {
            patch.send(content, 0, sent);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> writerReleased(upload) && uploads.offset(upload) == sent);
        assertThat(received("tus") - before)
                .as("the bytes kept from the cut-off request")
                .isEqualTo(sent);

        Api.Response rest = uploads.patch(upload, sent, Arrays.copyOfRange(content, sent, content.length));

        assertThat(rest.status()).as(rest.body()).isEqualTo(204);
        assertThat(received("tus") - before).as("the whole file, once").isEqualTo(content.length);
    }

    @Test
    void theIetfDraftsAppendsAndAPlainPutAreCountedUnderTheirOwnProtocol() {
        TusUploads.Announced draft = uploads.announce(TestFiles.jpeg(400_000, 33), "image/jpeg", "photo");
        TusUploads.Announced put = uploads.announce(TestFiles.jpeg(200_000, 34), "image/jpeg", "photo");
        int half = draft.content().length / 2;
        double ietfBefore = received("ietf");
        double putBefore = received("put");
        double tusBefore = received("tus");

        assertThat(draftAppend(draft, 0, half, false).status()).isBetween(200, 299);
        assertThat(draftAppend(draft, half, draft.content().length, true).status())
                .isEqualTo(201);
        Api.Response whole = api.request("PUT", put.path())
                .token(uploads.token())
                .bytes(put.content())
                .send();
        Api.Response retried = api.request("PUT", put.path())
                .token(uploads.token())
                .bytes(put.content())
                .send();

        assertThat(whole.status()).as(whole.body()).isEqualTo(201);
        assertThat(retried.status()).as(retried.body()).isEqualTo(201);
        assertThat(received("ietf") - ietfBefore).isEqualTo(draft.content().length);
        assertThat(received("put") - putBefore)
                .as("a retried PUT of a stored file keeps nothing more")
                .isEqualTo(put.content().length);
        assertThat(received("tus") - tusBefore).isZero();
    }

    @Test
    void aChunkThatFailsItsChecksumIsNotCounted() throws Exception {
        TusUploads.Announced upload = uploads.announce(TestFiles.jpeg(100_000, 35), "image/jpeg", "photo");
        byte[] wrong = MessageDigest.getInstance("SHA-256").digest(new byte[] {1});
        double before = received("tus");

        Api.Response refused = api.request("PATCH", upload.path())
                .token(uploads.token())
                .header("Tus-Resumable", "1.0.0")
                .header("Upload-Offset", "0")
                .header("Upload-Checksum", "sha256 " + Base64.getEncoder().encodeToString(wrong))
                .header("Content-Type", "application/offset+octet-stream")
                .bytes(upload.content())
                .send();

        assertThat(refused.status()).isEqualTo(460);
        assertThat(received("tus") - before).isZero();
    }

    private Api.Response draftAppend(TusUploads.Announced upload, int from, int to, boolean complete) {
        return api.request("PATCH", upload.path())
                .token(uploads.token())
                .header("Upload-Draft-Interop-Version", "6")
                .header("Upload-Complete", complete ? "?1" : "?0")
                .header("Upload-Offset", String.valueOf(from))
                .header("Content-Type", "application/partial-upload")
                .bytes(Arrays.copyOfRange(upload.content(), from, to))
                .send();
    }

    private double received(String protocol) {
        String metrics = api.get("/actuator/prometheus").token(admin).send().body();
        Matcher sample = Pattern.compile(
                        "^camroll_upload_received_bytes_total\\{protocol=\"" + protocol + "\"} (\\S+)$",
                        Pattern.MULTILINE)
                .matcher(metrics);
        assertThat(sample.find())
                .as("the sample for " + protocol + " in\n" + metrics)
                .isTrue();
        return Double.parseDouble(sample.group(1));
    }

    private boolean writerReleased(TusUploads.Announced upload) {
        return Boolean.TRUE.equals(jdbc.queryForObject(
                "SELECT writer IS NULL FROM uploads WHERE upload_id = ?::uuid",
                Boolean.class,
                TusUploads.uploadId(upload)));
    }
}
