package dev.camroll.upload.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.camroll.testing.Api;
import dev.camroll.testing.TestFiles;
import dev.camroll.testing.TusUploads;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * tus-js-client 4.3.1, the npm package web and React Native apps use, run by Node.js against the service on its
 * random port: tus 1.0.0, and the IETF draft "Resumable Uploads for HTTP" as the client speaks it
 * ({@code ietf-draft-03} sends {@code Upload-Draft-Interop-Version: 5}, {@code ietf-draft-05} sends 6). Each upload
 * is cut off and resumed the ways a phone's app does it, also across the two protocols, since both write the same
 * upload. The client is {@code src/test/node/upload.mjs}; it needs {@code node} on the PATH (or named with
 * {@code -Dcamroll.test.node=/path/to/node}) and {@code npm ci --prefix src/test/node} run once. Their absence fails
 * these tests with what to run.
 */
class TusJsClientTests extends UploadTest {

    private static final Logger log = LoggerFactory.getLogger(TusJsClientTests.class);

    static final Path CLIENT = Path.of("src", "test", "node");

    static final String NODE = System.getProperty("camroll.test.node", "node");

    /** Whole bodies go at this rate, so that tus-js-client's progress (every 100 ms) can cut them off midway. */
    static final String RATE = String.valueOf(4_000_000);

    @TempDir
    Path files;

    @BeforeAll
    static void nodeAndTusJsClient() {
        String version;
        try {
            Process process = new ProcessBuilder(NODE, "--version")
                    .redirectErrorStream(true)
                    .start();
            version = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        } catch (IOException | InterruptedException e) {
            throw new AssertionError(
                    "Node.js ('" + NODE + "') does not run: tus-js-client's tests need Node.js 18 or newer on the PATH "
                            + "(apt-get install -y --no-install-recommends nodejs npm; .ci/run installs them), then "
                            + "npm ci --prefix src/test/node. Name another node with -Dcamroll.test.node=/path/to/node.",
                    e);
        }
        assertThat(Integer.parseInt(version.replaceFirst("^v(\\d+).*", "$1")))
                .as("tus-js-client 4.3.1 needs Node.js 18 or newer, not " + version)
                .isGreaterThanOrEqualTo(18);
        assertThat(CLIENT.resolve("node_modules/tus-js-client/package.json"))
                .as("tus-js-client is not installed: run npm ci --prefix src/test/node")
                .exists();
    }

    @ParameterizedTest
    @ValueSource(strings = {"tus", "ietf-draft-03", "ietf-draft-05"})
    void aRealFileArrivesInSeveralPatches(String protocol) throws IOException {
        TusUploads.Announced announced = uploads.announce(TestFiles.jpeg(3_000_000, 41), "image/jpeg", "photo");

        Run run = node(create(announced, protocol, "--chunk-size", String.valueOf(512 * 1024)));

        run.assertSucceeded();
        assertThat(run.result().path("url").asString()).isEqualTo(announced.uploadUrl());
        List<Long> chunks = new ArrayList<>();
        for (long at = 0; at < announced.content().length; at += 512 * 1024) {
            chunks.add(at);
        }
        assertThat(chunks).hasSizeGreaterThan(2);
        assertThat(run.sentOffsets("PATCH"))
                .as("one PATCH per 512 KiB, each where the one before ended: %s", run)
                .isEqualTo(chunks);
        assertStoredOnce(announced);
    }

    @ParameterizedTest
    @CsvSource({"tus, ", "ietf-draft-03, 5", "ietf-draft-05, 6"})
    void theCreationRequestCarriesTheWholeFile(String protocol, String interop) throws IOException {
        TusUploads.Announced announced = uploads.announce(TestFiles.jpeg(3_000_000, 46), "image/jpeg", "photo");

        Run run = node(create(announced, protocol, "--data-during-creation"));

        run.assertSucceeded();
        assertThat(run.responses("POST"))
                .as(run.toString())
                .singleElement()
                .satisfies(post -> assertThat(post.path("status").asInt()).isBetween(200, 299))
                .satisfies(post -> assertThat(post.path("offset").asLong()).isEqualTo(announced.content().length));
        assertThat(run.responses("PATCH")).as("nothing left to append: %s", run).isEmpty();
        if (interop == null) {
            assertThat(run.interims()).as("no 104 for tus: %s", run).isEmpty();
        } else {
            assertThat(run.interims())
                    .as("104s echo the interop version: %s", run)
                    .isNotEmpty()
                    .allSatisfy(interim ->
                            assertThat(interim.path("status").asInt()).isEqualTo(104))
                    .allSatisfy(interim ->
                            assertThat(interim.path("interop").asString()).isEqualTo(interop));
            assertThat(run.interims().get(0).path("location").asString())
                    .as("the first 104 names the upload: %s", run)
                    .isEqualTo(announced.uploadUrl());
        }
        assertStoredOnce(announced);
    }

    @ParameterizedTest
    @ValueSource(strings = {"ietf-draft-03", "ietf-draft-05"})
    void aCreationRequestCutOffMidwayResumesAtThe104sLocation(String protocol) throws IOException {
        TusUploads.Announced announced = uploads.announce(TestFiles.jpeg(6_000_000, 47), "image/jpeg", "photo");

        // Cut off before the final response, tus-js-client has no Location; the 104 gave one, and a new Upload
        // object resumes there, as URLSession does.
        Run run = node(create(
                announced,
                protocol,
                "--data-during-creation",
                "--rate",
                RATE,
                "--abort-after",
                "1200000",
                "--then",
                "new"));

        run.assertSucceeded();
        assertThat(run.interims()).as(run.toString()).isNotEmpty();
        assertThat(run.responses("POST"))
                .as("the creation request got no final answer: %s", run)
                .isEmpty();
        assertThat(run.resumedAt())
                .as(
                        "the bytes the creation request sent were kept, and the new Upload object appends the rest: %s",
                        run)
                .isGreaterThan(0)
                .isLessThan(announced.content().length);
        assertThat(run.sentOffsets("PATCH")).as(run.toString()).containsExactly(run.resumedAt());
        assertThat(run.result().path("url").asString()).isEqualTo(announced.uploadUrl());
        assertStoredOnce(announced);
    }

    @ParameterizedTest
    @ValueSource(strings = {"tus", "ietf-draft-03", "ietf-draft-05"})
    void aCreationRequestCutOffMidwayAndSentAgainStoresTheFileOnce(String protocol) throws IOException {
        TusUploads.Announced announced = uploads.announce(TestFiles.jpeg(6_000_000, 48), "image/jpeg", "photo");

        // The same Upload object's start() again: without a Location it creates the upload again, which finds the
        // same upload resource (creation is idempotent) and goes on from what the server kept.
        Run run = node(create(
                announced,
                protocol,
                "--data-during-creation",
                "--rate",
                RATE,
                "--abort-after",
                "1200000",
                "--then",
                "resume"));

        run.assertSucceeded();
        assertThat(run.types()).as(run.toString()).containsSubsequence("abort", "resume", "success");
        assertThat(run.result().path("url").asString()).isEqualTo(announced.uploadUrl());
        assertStoredOnce(announced);
    }

    @ParameterizedTest
    @CsvSource({
        "tus, resume",
        "ietf-draft-03, resume",
        "ietf-draft-05, resume",
        "tus, new",
        "ietf-draft-03, new",
        "ietf-draft-05, new"
    })
    void anUploadCutOffMidwayResumesWhereTheServerStands(String protocol, String then) throws IOException {
        TusUploads.Announced announced = uploads.announce(TestFiles.jpeg(6_000_000, 42), "image/jpeg", "photo");

        // resume: the same Upload object's start() again; new: a new Upload object with uploadUrl
        Run run = node(create(announced, protocol, "--rate", RATE, "--abort-after", "1200000", "--then", then));

        run.assertSucceeded();
        assertThat(run.types()).as(run.toString()).containsSubsequence("abort", "resume", "success");
        assertThat(run.resumedAt())
                .as("after the cut-off, the client appends from where the server stands, not from 0: %s", run)
                .isGreaterThan(0)
                .isLessThan(announced.content().length);
        assertThat(run.result().path("url").asString()).isEqualTo(announced.uploadUrl());
        assertStoredOnce(announced);
    }

    @ParameterizedTest
    @ValueSource(strings = {"tus", "ietf-draft-03", "ietf-draft-05"})
    void anotherProcessResumesWithTheUploadUrl(String protocol) throws IOException {
        TusUploads.Announced announced = uploads.announce(TestFiles.jpeg(6_000_000, 43), "image/jpeg", "photo");

        Run first = node(create(announced, protocol, "--rate", RATE, "--abort-after", "1200000", "--then", "stop"));
        first.assertSucceeded();
        long kept = keptAfterCutOff(announced);

        Run second = node(resume(announced, protocol, first.result().path("url").asString()));

        second.assertSucceeded();
        assertThat(second.firstHeadOffset()).as(second.toString()).isEqualTo(kept);
        assertThat(second.sentOffsets("PATCH")).as(second.toString()).containsExactly(kept);
        assertStoredOnce(announced);
    }

    @ParameterizedTest
    @CsvSource({"tus, ietf-draft-05", "ietf-draft-05, tus", "ietf-draft-03, ietf-draft-05", "ietf-draft-03, tus"})
    void whatOneProtocolBeganTheOtherFinishes(String begins, String finishes) throws IOException {
        TusUploads.Announced announced = uploads.announce(TestFiles.jpeg(6_000_000, 44), "image/jpeg", "photo");

        Run first = node(create(announced, begins, "--rate", RATE, "--abort-after", "1200000", "--then", "stop"));
        first.assertSucceeded();
        long kept = keptAfterCutOff(announced);

        Run second = node(resume(announced, finishes, announced.uploadUrl()));

        second.assertSucceeded();
        assertThat(second.firstHeadOffset())
                .as("%s sees the bytes %s sent: one upload, two protocols: %s", finishes, begins, second)
                .isEqualTo(kept);
        assertThat(second.sentOffsets("PATCH")).as(second.toString()).containsExactly(kept);
        assertStoredOnce(announced);
    }

    @ParameterizedTest
    @CsvSource({
        "tus, terminate",
        "ietf-draft-03, terminate",
        "ietf-draft-05, terminate",
        "tus, terminate-url",
        "ietf-draft-05, terminate-url"
    })
    void aTerminatedUploadIsGone(String protocol, String how) throws IOException {
        TusUploads.Announced announced = uploads.announce(TestFiles.jpeg(6_000_000, 45), "image/jpeg", "photo");

        // terminate: abort(true); terminate-url: abort(), then tus.Upload.terminate(url)
        Run run = node(create(announced, protocol, "--rate", RATE, "--abort-after", "1200000", "--then", how));

        run.assertSucceeded();
        assertThat(run.types()).as(run.toString()).containsSubsequence("abort", "terminated");
        // A DELETE that comes while the server still writes the cut-off request's bytes is 409 upload-busy, which
        // tus-js-client retries; the last one ends the upload.
        List<Integer> deletes = run.responses("DELETE").stream()
                .map(r -> r.path("status").asInt())
                .toList();
        assertThat(deletes).as(run.toString()).endsWith(204);
        assertThat(deletes.subList(0, deletes.size() - 1))
                .as(run.toString())
                .allSatisfy(status -> assertThat(status).isEqualTo(409));
        Api.Response tusHead = uploads.head(announced);
        assertThat(tusHead.status()).as("tus HEAD: %s", tusHead).isIn(404, 410);
        Api.Response ietfHead = api.request("HEAD", announced.path())
                .token(uploads.token())
                .header("Upload-Draft-Interop-Version", "6")
                .send();
        assertThat(ietfHead.status()).as("IETF HEAD: %s", ietfHead).isIn(404, 410);
        Run again = node(resume(announced, protocol, announced.uploadUrl()));
        assertThat(again.exit())
                .as("a client cannot resume a terminated upload: %s", again)
                .isEqualTo(1);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM media WHERE subject = ?", Integer.class, user))
                .isZero();
    }

    /** The arguments that create the upload of the manifest line and send the file. */
    private List<String> create(TusUploads.Announced announced, String protocol, String... more) throws IOException {
        List<String> args = new ArrayList<>(List.of(
                "--server", "http://localhost:" + port,
                "--token", uploads.token(),
                "--file", file(announced).toString(),
                "--protocol", protocol,
                "--batch-id", announced.batchId(),
                "--client-asset-id", announced.clientAssetId()));
        args.addAll(List.of(more));
        return args;
    }

    /** The arguments that resume the upload at {@code url} with a new Upload object ({@code uploadUrl}). */
    private List<String> resume(TusUploads.Announced announced, String protocol, String url) throws IOException {
        return List.of(
                "--token",
                uploads.token(),
                "--file",
                file(announced).toString(),
                "--protocol",
                protocol,
                "--upload-url",
                url);
    }

    private Path file(TusUploads.Announced announced) throws IOException {
        Path file = files.resolve(announced.clientAssetId() + ".jpg");
        if (!Files.exists(file)) {
            Files.write(file, announced.content());
        }
        return file;
    }

    /** Where the upload stands once the server has let go of the connection that was cut off: some, not all. */
    private long keptAfterCutOff(TusUploads.Announced announced) {
        await().atMost(Duration.ofSeconds(10)).until(() -> writerReleased(announced));
        long kept = uploads.offset(announced);
        assertThat(kept)
                .as("the server kept the bytes that arrived before the cut-off")
                .isGreaterThan(0)
                .isLessThan(announced.content().length);
        return kept;
    }

    private void assertStoredOnce(TusUploads.Announced announced) {
        String sha256 = TestFiles.sha256(announced.content());
        assertThat(TusUploads.storedSha256(store, jdbc, announced.mediaId())).isEqualTo(sha256);
        assertThat(jdbc.queryForList("SELECT sha256 FROM media WHERE subject = ?", String.class, user))
                .as("exactly one media for the file")
                .containsExactly(sha256);
    }

    private boolean writerReleased(TusUploads.Announced announced) {
        return Boolean.TRUE.equals(jdbc.queryForObject(
                "SELECT writer IS NULL FROM uploads WHERE upload_id = ?::uuid",
                Boolean.class,
                TusUploads.uploadId(announced)));
    }

    /** Runs upload.mjs with the arguments; stdout's JSON line and stderr go into every assertion's message. */
    private static Run node(List<String> args) throws IOException {
        List<String> command =
                new ArrayList<>(List.of(NODE, CLIENT.resolve("upload.mjs").toString()));
        command.addAll(args);
        Path out = Files.createTempFile("tus-js-client", ".out");
        Path err = Files.createTempFile("tus-js-client", ".err");
        try {
            Process process = new ProcessBuilder(command)
                    .redirectOutput(out.toFile())
                    .redirectError(err.toFile())
                    .start();
            int exit;
            if (process.waitFor(150, TimeUnit.SECONDS)) {
                exit = process.exitValue();
            } else {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                exit = -1;
            }
            Run run = new Run(exit, Files.readString(out), Files.readString(err));
            log.info("{}", run);
            return run;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    /** What one run of upload.mjs printed: its JSON line (see the script) and its stderr. */
    record Run(int exit, String stdout, String stderr) {

        JsonNode result() {
            String line = stdout.strip();
            line = line.substring(line.lastIndexOf('\n') + 1);
            return line.startsWith("{") ? Api.JSON.readTree(line) : Api.JSON.createObjectNode();
        }

        void assertSucceeded() {
            assertThat(exit).as("exit code of %s", this).isZero();
            assertThat(result().path("ok").asBoolean()).as(toString()).isTrue();
        }

        List<String> types() {
            List<String> types = new ArrayList<>();
            result().path("events")
                    .forEach(event -> types.add(event.path("type").asString()));
            return types;
        }

        List<JsonNode> responses(String method) {
            List<JsonNode> responses = new ArrayList<>();
            result().path("events").forEach(event -> {
                if (event.path("type").asString().equals("response")
                        && event.path("method").asString().equals(method)) {
                    responses.add(event);
                }
            });
            return responses;
        }

        /** The {@code Upload-Offset} of each successful request of the method, in order. */
        List<Long> sentOffsets(String method) {
            return responses(method).stream()
                    .filter(r -> r.path("status").asInt() < 300 && r.has("sentOffset"))
                    .map(r -> r.path("sentOffset").asLong())
                    .toList();
        }

        /** The offset of the first successful PATCH after the client resumed. */
        long resumedAt() {
            boolean resumed = false;
            for (JsonNode event : result().path("events")) {
                String type = event.path("type").asString();
                resumed |= type.equals("resume");
                if (resumed
                        && type.equals("response")
                        && event.path("method").asString().equals("PATCH")
                        && event.path("status").asInt() < 300) {
                    return event.path("sentOffset").asLong();
                }
            }
            return -1;
        }

        /** The interim (1xx) responses, in order. */
        List<JsonNode> interims() {
            List<JsonNode> interims = new ArrayList<>();
            result().path("events").forEach(event -> {
                if (event.path("type").asString().equals("interim")) {
                    interims.add(event);
                }
            });
            return interims;
        }

        /** The offset the first HEAD answered. */
        long firstHeadOffset() {
            return responses("HEAD").stream()
                    .findFirst()
                    .map(r -> r.path("offset").asLong(-1))
                    .orElse(-1L);
        }

        @Override
        public String toString() {
            return "node upload.mjs (exit " + exit + "): " + stdout.strip()
                    + (stderr.isBlank() ? "" : "\nstderr:\n" + stderr.strip());
        }
    }
}
