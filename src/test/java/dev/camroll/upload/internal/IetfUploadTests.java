package dev.camroll.upload.internal;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

import dev.camroll.testing.Api;
import dev.camroll.testing.TestFiles;
import dev.camroll.testing.TusUploads;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The IETF draft "Resumable Uploads for HTTP" on the upload resources, played on raw sockets as URLSession plays it
 * (interop 3 on iOS 17, 5 and 6 on iOS 18, 8 on the latest draft): the 104 read before the body is sent, an upload
 * cut off and resumed by the draft's rules, and the same upload shared with tus.
 */
class IetfUploadTests extends UploadTest {

    @ParameterizedTest(name = "interop {0}")
    @ValueSource(ints = {3, 5, 6, 8})
    void theCreationRequestGets104WithTheLocationBeforeItsBodyIsSent(int interop) {
        TusUploads.Announced upload = uploads.announce(TestFiles.jpeg(900_000, interop), "image/jpeg", "photo");
        byte[] content = upload.content();

        try (DraftExchange creation = creation(interop, upload.path(), content.length, true)) {
            DraftExchange.Response interim = creation.next();
            assertThat(interim.status()).as(interim.toString()).isEqualTo(104);
            assertThat(interim.reason()).isEqualTo("Upload Resumption Supported");
            assertThat(interim.header("Location")).isEqualTo(upload.uploadUrl());
            assertThat(interim.header("Upload-Draft-Interop-Version")).isEqualTo(String.valueOf(interop));
            if (interop >= 6) {
                assertThat(interim.header("Upload-Limit")).contains("max-size=" + content.length);
            }

            DraftExchange.Response created = creation.send(content).last();

            assertThat(created.status()).as(created.toString()).isEqualTo(201);
            assertThat(created.header("Location")).isEqualTo(upload.uploadUrl());
            assertThat(created.header("Upload-Offset")).isEqualTo(String.valueOf(content.length));
            assertComplete(interop, created, true);
        }
        assertStored(upload);
    }

    @Test
    void aClientThatExpects100ContinueGetsItAndThe104BeforeSendingItsBody() {
        TusUploads.Announced upload = uploads.announce(TestFiles.jpeg(100_000, 9), "image/jpeg", "photo");
        byte[] content = upload.content();

        try (DraftExchange creation = new DraftExchange(
                port,
                "PUT",
                upload.path(),
                content.length,
                "Authorization: Bearer " + uploads.token(),
                "Upload-Draft-Interop-Version: 6",
                "Upload-Complete: ?1",
                "Expect: 100-continue")) {
            DraftExchange.Response first = creation.next();
            DraftExchange.Response second = creation.next();
            DraftExchange.Response created = creation.send(content).last();

            assertThat(List.of(first.status(), second.status())).containsExactly(100, 104);
            assertThat(second.header("Location")).isEqualTo(upload.uploadUrl());
            assertThat(created.status()).as(created.toString()).isEqualTo(201);
        }
        assertStored(upload);
    }

    @ParameterizedTest(name = "interop {0}")
    @ValueSource(ints = {3, 5, 6, 8})
    void anUploadCutOffMidwayResumesFromTheOffsetTheServerGives(int interop) throws Exception {
        TusUploads.Announced upload = uploads.announce(TestFiles.jpeg(1_500_000, 10 + interop), "image/jpeg", "photo");
        byte[] content = upload.content();
        int sent = content.length / 2;

        String location;
        try (DraftExchange creation = creation(interop, upload.path(), content.length, true)) {
            location = creation.next().header("Location");
            creation.send(content, 0, sent).cut();
        }
        String path = location.substring(location.indexOf("/v1/"));

        DraftExchange.Response head = awaitSettledOffset(interop, path, sent);
        assertThat(head.status()).as(head.toString()).isEqualTo(204);
        assertThat(head.header("Cache-Control")).isEqualTo("no-store");
        assertThat(head.header("Upload-Draft-Interop-Version")).isEqualTo(String.valueOf(interop));
        assertThat(head.header("Upload-Length")).isEqualTo(String.valueOf(content.length));
        assertComplete(interop, head, false);
        int offset = Integer.parseInt(head.header("Upload-Offset"));
        assertThat(offset).isEqualTo(sent);

        DraftExchange.Response appended = append(interop, path, offset, content, content.length, true);

        assertThat(appended.status()).as(appended.toString()).isEqualTo(201);
        assertThat(appended.header("Upload-Offset")).isEqualTo(String.valueOf(content.length));
        assertComplete(interop, appended, true);
        assertStored(upload);
    }

    @ParameterizedTest(name = "interop {0}")
    @ValueSource(ints = {3, 5, 6, 8})
    void anAppendThatLeavesTheUploadIncompleteSaysWhereItStands(int interop) {
        TusUploads.Announced upload = uploads.announce(TestFiles.jpeg(200_000, 20 + interop), "image/jpeg", "photo");
        byte[] content = upload.content();
        int third = content.length / 3;

        DraftExchange.Response first;
        try (DraftExchange creation = creation(interop, upload.path(), third, false)) {
            first = creation.send(content, 0, third).last();
        }
        assertThat(first.status()).as(first.toString()).isEqualTo(201);
        assertThat(first.header("Upload-Offset")).isEqualTo(String.valueOf(third));
        assertComplete(interop, first, false);

        DraftExchange.Response second = append(interop, upload.path(), third, content, 2 * third, false);
        assertThat(second.status()).as(second.toString()).isEqualTo(interop <= 5 ? 201 : 204);
        assertThat(second.header("Upload-Offset")).isEqualTo(String.valueOf(2 * third));
        assertComplete(interop, second, false);

        DraftExchange.Response last = append(interop, upload.path(), 2 * third, content, content.length, true);
        assertThat(last.status()).as(last.toString()).isEqualTo(201);
        assertStored(upload);
    }

    @Test
    void optionsNamesTheDraftsAppendTypeAndTheLimit() {
        Api.Response options = api.request("OPTIONS", "/v1/uploads")
                .header("Upload-Draft-Interop-Version", "8")
                .send();

        assertThat(options.status()).isEqualTo(204);
        assertThat(options.header("Accept-Patch")).contains("application/partial-upload");
        assertThat(options.header("Upload-Limit")).startsWith("max-size=");
    }

    @Test
    void anAppendAtTheWrongOffsetIsAConflictThatNamesBothOffsets() {
        TusUploads.Announced upload = uploads.announce(TestFiles.jpeg(200_000, 31), "image/jpeg", "photo");
        byte[] content = upload.content();
        assertThat(uploads.patch(upload, 0, Arrays.copyOf(content, 1000)).status())
                .isEqualTo(204);

        DraftExchange.Response conflict = append(8, upload.path(), 500, content, content.length, true);

        assertThat(conflict.status()).as(conflict.toString()).isEqualTo(409);
        assertThat(conflict.header("Upload-Offset")).isEqualTo("1000");
        JsonNode problem = Api.JSON.readTree(conflict.body());
        assertThat(problem.path("type").asString()).endsWith("/problems/offset-mismatch");
        assertThat(problem.path("expected-offset").asLong()).isEqualTo(1000);
        assertThat(problem.path("provided-offset").asLong()).isEqualTo(500);
        assertThat(uploads.offset(upload)).isEqualTo(1000);
    }

    @Test
    void fromInteropSixAnAppendMustBeAPartialUpload() {
        TusUploads.Announced upload = uploads.announce(TestFiles.jpeg(200_000, 32), "image/jpeg", "photo");
        byte[] content = upload.content();

        DraftExchange.Response refused;
        try (DraftExchange patch = new DraftExchange(
                port,
                "PATCH",
                upload.path(),
                content.length,
                "Authorization: Bearer " + uploads.token(),
                "Upload-Draft-Interop-Version: 6",
                "Upload-Complete: ?1",
                "Upload-Offset: 0",
                "Content-Type: application/octet-stream")) {
            refused = patch.last();
        }

        assertThat(refused.status()).as(refused.toString()).isEqualTo(415);
        assertThat(uploads.offset(upload)).isZero();
    }

    @ParameterizedTest(name = "interop {0}")
    @ValueSource(ints = {6, 8})
    void aCompleteUploadAcceptsAnEmptyCompletingAppendAndRefusesMoreBytes(int interop) {
        TusUploads.Announced upload = uploads.announce(TestFiles.jpeg(100_000, 40 + interop), "image/jpeg", "photo");
        byte[] content = upload.content();
        assertThat(append(interop, upload.path(), 0, content, content.length, true)
                        .status())
                .isEqualTo(201);

        DraftExchange.Response again = append(interop, upload.path(), content.length, content, content.length, true);
        DraftExchange.Response more =
                append(interop, upload.path(), content.length - 10, content, content.length, true);

        assertThat(again.status()).as(again.toString()).isEqualTo(201);
        assertComplete(interop, again, true);
        assertThat(more.status()).as(more.toString()).isEqualTo(400);
        assertThat(Api.JSON.readTree(more.body()).path("type").asString())
                .endsWith(interop >= 8 ? "/problems/inconsistent-upload-length" : "/problems/completed-upload");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM media WHERE subject = ?", Integer.class, user))
                .isEqualTo(1);
    }

    @Test
    void cancellationEndsTheUploadAndRemovesItsBytes() {
        TusUploads.Announced upload = uploads.announce(TestFiles.jpeg(200_000, 50), "image/jpeg", "photo");
        assertThat(append(8, upload.path(), 0, upload.content(), 5000, false).status())
                .isEqualTo(204);

        DraftExchange.Response cancelled;
        try (DraftExchange delete = new DraftExchange(
                port,
                "DELETE",
                upload.path(),
                -1,
                "Authorization: Bearer " + uploads.token(),
                "Upload-Draft-Interop-Version: 8")) {
            cancelled = delete.last();
        }

        assertThat(cancelled.status()).as(cancelled.toString()).isEqualTo(204);
        assertThat(head(8, upload.path()).status()).isEqualTo(410);
        assertThat(store.list("staging/")).noneMatch(staged -> staged.contains(TusUploads.uploadId(upload)));
    }

    @Test
    void tusAndTheDraftResumeEachOthersBytes() {
        TusUploads.Announced first = uploads.announce(TestFiles.jpeg(300_000, 60), "image/jpeg", "photo");
        byte[] content = first.content();
        int half = content.length / 2;
        assertThat(uploads.patch(first, 0, Arrays.copyOf(content, half)).status())
                .isEqualTo(204);

        assertThat(head(6, first.path()).header("Upload-Offset")).isEqualTo(String.valueOf(half));
        assertThat(append(6, first.path(), half, content, content.length, true).status())
                .isEqualTo(201);
        assertStored(first);

        TusUploads.Announced second = uploads.announce(TestFiles.jpeg(300_000, 61), "image/jpeg", "photo");
        byte[] other = second.content();
        assertThat(append(5, second.path(), 0, other, half, false).status()).isEqualTo(201);

        assertThat(uploads.offset(second)).isEqualTo(half);
        assertThat(uploads.patch(second, half, Arrays.copyOfRange(other, half, other.length))
                        .status())
                .isEqualTo(204);
        assertStored(second);
    }

    @Test
    void creationAtTheEndpointFindsTheLineAndAnswersItsResource() {
        TusUploads.Announced upload = uploads.announce(TestFiles.jpeg(150_000, 70), "image/jpeg", "photo");
        byte[] content = upload.content();

        DraftExchange.Response created;
        List<DraftExchange.Response> interim = new ArrayList<>();
        try (DraftExchange creation = new DraftExchange(
                port,
                "POST",
                "/v1/uploads?batchId=" + upload.batchId() + "&clientAssetId=" + upload.clientAssetId(),
                content.length,
                "Authorization: Bearer " + uploads.token(),
                "Upload-Draft-Interop-Version: 8",
                "Upload-Complete: ?1",
                "Content-Type: image/jpeg")) {
            interim.add(creation.next());
            created = creation.send(content).last();
        }

        assertThat(interim.get(0).status()).isEqualTo(104);
        assertThat(interim.get(0).header("Location")).isEqualTo(upload.uploadUrl());
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        assertStored(upload);
    }

    @Test
    void aLineNamedWithTextTheServiceCannotStoreIsABadRequest() {
        TusUploads.Announced upload = uploads.announce(TestFiles.jpeg(50_000, 71), "image/jpeg", "photo");
        String nul = Base64.getEncoder().encodeToString("IMG\0".getBytes(StandardCharsets.UTF_8));

        DraftExchange.Response refused;
        try (DraftExchange creation = new DraftExchange(
                port,
                "POST",
                "/v1/uploads",
                0,
                "Authorization: Bearer " + uploads.token(),
                "Upload-Draft-Interop-Version: 8",
                "Upload-Complete: ?0",
                "Upload-Metadata: batchId "
                        + Base64.getEncoder().encodeToString(upload.batchId().getBytes(StandardCharsets.UTF_8))
                        + ",clientAssetId " + nul)) {
            refused = creation.last();
        }

        assertThat(refused.status()).as(refused.toString()).isEqualTo(400);
        assertThat(Api.JSON.readTree(refused.body()).path("type").asString()).endsWith("/problems/invalid-request");
    }

    @Test
    void aPlainPutOfTheWholeFileNeedsNoProtocolAndARetryStoresNothingTwice() {
        // Larger than the API's body limit for JSON (512 KB): a file's bytes are not a request body of that kind.
        TusUploads.Announced upload = uploads.announce(TestFiles.jpeg(1_200_000, 80), "image/jpeg", "photo");
        byte[] content = upload.content();
        assertThat(content.length).isGreaterThan(512 * 1024);

        Api.Response put = api.request("PUT", upload.path())
                .token(uploads.token())
                .bytes(content)
                .send();
        Api.Response retried = api.request("PUT", upload.path())
                .token(uploads.token())
                .bytes(content)
                .send();

        assertThat(put.status()).as(put.body()).isEqualTo(201);
        assertThat(put.header("Tus-Resumable")).isNull();
        assertThat(retried.status()).as(retried.body()).isEqualTo(201);
        assertStored(upload);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM media WHERE subject = ?", Integer.class, user))
                .isEqualTo(1);
    }

    @Test
    void aCreationNamingAnInteropVersionWeDoNotSpeakIsAPlainUploadWithout104() {
        TusUploads.Announced upload = uploads.announce(TestFiles.jpeg(50_000, 90), "image/jpeg", "photo");

        DraftExchange.Response created;
        try (DraftExchange creation = new DraftExchange(
                port,
                "POST",
                upload.path(),
                upload.content().length,
                "Authorization: Bearer " + uploads.token(),
                "Upload-Draft-Interop-Version: 9",
                "Upload-Complete: ?1")) {
            created = creation.send(upload.content()).last();
            assertThat(creation.responses()).hasSize(1);
        }
        DraftExchange.Response head = head(9, upload.path());

        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        assertStored(upload);
        assertThat(head.status()).as(head.toString()).isEqualTo(400);
    }

    @Test
    void afterWithdrawalTheDraftIsRefusedAndAnotherUsersUploadIsNotFound() {
        TusUploads.Announced upload = uploads.announce(TestFiles.jpeg(50_000, 91), "image/jpeg", "photo");
        String stranger = newUser("stranger");
        new TusUploads(api, token(stranger)).ready(currentNotice("cloud_processing", "en"));

        DraftExchange.Response foreign;
        try (DraftExchange head = new DraftExchange(
                port,
                "HEAD",
                upload.path(),
                -1,
                "Authorization: Bearer " + token(stranger),
                "Upload-Draft-Interop-Version: 8")) {
            foreign = head.last();
        }
        assertThat(foreign.status()).isEqualTo(404);

        withdraw(uploads.token(), "cloud_processing");
        DraftExchange.Response refused = append(8, upload.path(), 0, upload.content(), upload.content().length, true);

        assertThat(refused.status()).as(refused.toString()).isEqualTo(403);
        assertThat(Api.JSON.readTree(refused.body()).path("type").asString()).endsWith("/problems/consent-required");
    }

    @Test
    void aFileThatIsNotTheAnnouncedOneFailsAndIsNotKept() {
        byte[] announced = TestFiles.jpeg(80_000, 92);
        TusUploads.Announced upload = uploads.announce(announced, "image/jpeg", "photo");
        byte[] other = TestFiles.jpeg(80_000, 93);
        byte[] lie = Arrays.copyOf(other, announced.length);

        DraftExchange.Response failed = append(6, upload.path(), 0, lie, lie.length, true);

        assertThat(failed.status()).as(failed.toString()).isEqualTo(422);
        assertThat(Api.JSON.readTree(failed.body()).path("type").asString()).endsWith("/problems/content-mismatch");
        assertThat(store.list("staging/")).noneMatch(staged -> staged.contains(TusUploads.uploadId(upload)));
    }

    /** A creation request's head, with the whole file ({@code complete}) or a part of {@code length} bytes. */
    private DraftExchange creation(int interop, String path, long length, boolean complete) {
        return new DraftExchange(
                port,
                "POST",
                path,
                length,
                "Authorization: Bearer " + uploads.token(),
                "Upload-Draft-Interop-Version: " + interop,
                completeness(interop, complete),
                "Content-Type: image/jpeg");
    }

    /** Appends {@code content[offset, to)} as one PATCH and answers the final response. */
    private DraftExchange.Response append(
            int interop, String path, long offset, byte[] content, int to, boolean complete) {
        List<String> headers = new ArrayList<>(List.of(
                "Authorization: Bearer " + uploads.token(),
                "Upload-Draft-Interop-Version: " + interop,
                completeness(interop, complete),
                "Upload-Offset: " + offset));
        if (interop >= 6) {
            headers.add("Content-Type: application/partial-upload");
        }
        int from = (int) Math.min(offset, to);
        try (DraftExchange patch = new DraftExchange(port, "PATCH", path, to - from, headers.toArray(String[]::new))) {
            return patch.send(content, from, to).last();
        }
    }

    private DraftExchange.Response head(int interop, String path) {
        try (DraftExchange head = new DraftExchange(
                port,
                "HEAD",
                path,
                -1,
                "Authorization: Bearer " + uploads.token(),
                "Upload-Draft-Interop-Version: " + interop)) {
            return head.last();
        }
    }

    /** The offset once the server has taken in what a cut-off request sent (it may still be reading when asked). */
    private DraftExchange.Response awaitSettledOffset(int interop, String path, int sent) throws InterruptedException {
        DraftExchange.Response head = head(interop, path);
        for (int i = 0; i < 100 && !String.valueOf(sent).equals(head.header("Upload-Offset")); i++) {
            Thread.sleep(50);
            head = head(interop, path);
        }
        return head;
    }

    private static String completeness(int interop, boolean complete) {
        return interop == 3
                ? "Upload-Incomplete: " + (complete ? "?0" : "?1")
                : "Upload-Complete: " + (complete ? "?1" : "?0");
    }

    private static void assertComplete(int interop, DraftExchange.Response response, boolean complete) {
        if (interop == 3) {
            assertThat(response.header("Upload-Incomplete")).isEqualTo(complete ? "?0" : "?1");
        } else {
            assertThat(response.header("Upload-Complete")).isEqualTo(complete ? "?1" : "?0");
        }
    }

    private void assertStored(TusUploads.Announced upload) {
        assertThat(TusUploads.storedSha256(store, jdbc, upload.mediaId()))
                .isEqualTo(TestFiles.sha256(upload.content()));
        assertThat(uploads.batchLine(upload).path("state").asString()).isIn("stored", "processed");
    }
}
