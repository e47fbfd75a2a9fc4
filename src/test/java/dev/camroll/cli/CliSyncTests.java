package dev.camroll.cli;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import dev.camroll.testing.Api;
import dev.camroll.testing.CameraRolls;
import dev.camroll.testing.CameraRolls.Recipe;
import dev.camroll.testing.CameraRolls.Role;
import dev.camroll.testing.CameraRolls.Roll;
import dev.camroll.testing.NetworkLink;
import dev.camroll.testing.ServiceProcess;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

/**
 * {@code camroll sync} as people run it: the command in a process of its own, against the service in another
 * (embedded mode, a fresh data directory), over a link of bounded speed that the test can cut. The sync is killed or
 * its connections dropped in the middle of uploads and run again; the service's count of the body bytes it kept
 * ({@code camroll_upload_received_bytes_total}) shows that nothing was sent twice.
 */
class CliSyncTests {

    private static final String MAIN_CLASS = "dev.camroll.cli.Camroll";

    private static final String DEVICE = "phone-export";

    @TempDir
    Path work;

    @BeforeAll
    static void theCommandIsBuilt() {
        try {
            Class.forName(MAIN_CLASS);
        } catch (ClassNotFoundException e) {
            fail("the camroll command (" + MAIN_CLASS + ", module cli) is not on the test classpath");
        }
    }

    @Test
    void aSyncKilledMidUploadAndRunAgainLeavesEachDistinctFileOnceAndSendsNothingTwice() throws Exception {
        // Written while the service starts: both take a while.
        CompletableFuture<Roll> writing =
                CompletableFuture.supplyAsync(() -> CameraRolls.write(work.resolve("roll"), Recipe.of(300), 18));
        Path dataDir = work.resolve("data");
        try (ServiceProcess service = start(dataDir);
                NetworkLink link = NetworkLink.to(service.port(), 16_000_000)) {
            Roll roll = writing.join();
            Service camroll = new Service(service, dataDir, "alice");
            Cli cli = new Cli(work.resolve("cli"), link);
            cli.login(dataDir, "alice");

            // The first run is killed (SIGKILL: no shutdown hook) once a third of the bytes went over the link, in the
            // middle of sending a large photo (1 to 3 MB of it sent): more is still to come than the kernel's buffers
            // could hold, which deliver what the client had written even after the kill.
            Cli.Started first =
                    cli.start("--json", "sync", roll.root().toString(), "--device", DEVICE, "--no-progress");
            await("a third of the roll sent, and a large photo under way")
                    .atMost(Duration.ofMinutes(2))
                    .pollInterval(Duration.ofMillis(5))
                    .until(() -> {
                        if (!first.process().isAlive()) {
                            fail("the first sync ended before it was killed: " + first.finish());
                        }
                        long underWay = link.largestRequestUnderWay();
                        return link.sent() > roll.distinctBytes() / 3 && underWay > 1_000_000 && underWay < 3_000_000;
                    });
            first.process().destroyForcibly();
            assertThat(first.process().waitFor(30, TimeUnit.SECONDS)).isTrue();
            Kept killed = camroll.settled();
            assertThat(killed.partialBytes())
                    .as("the kill cut an upload off midway, and the service kept the bytes that had arrived")
                    .isPositive();
            assertThat(killed.received()).isLessThan(roll.distinctBytes());

            Cli.Result second = cli.sync("--json", "sync", roll.root().toString(), "--device", DEVICE);

            assertThat(second.exit()).as("the BMP is refused: " + second).isEqualTo(1);
            JsonNode summary = second.json();
            int distinct = roll.distinct().size();
            assertThat(summary.path("files").asInt()).isEqualTo(roll.considered());
            assertThat(summary.path("ignored").asInt())
                    .isEqualTo(roll.withRole(Role.IGNORED).size());
            assertThat(summary.path("rejected")
                            .valueStream()
                            .map(r -> r.path("path").asString() + " "
                                    + r.path("reason").asString()))
                    .containsExactly(roll.withRole(Role.UNSUPPORTED).get(0).path() + " unsupported-media-type");
            assertThat(summary.path("failed").isEmpty()).as(summary.toString()).isTrue();
            assertThat(summary.path("uploaded").asInt())
                    .as("the files the killed run had not finished")
                    .isEqualTo(distinct - killed.media());
            assertThat(summary.path("duplicates").asInt())
                    .as("the copies in the roll, and the files the killed run finished")
                    .isEqualTo(roll.withRole(Role.DUPLICATE).size() + killed.media());
            long received = camroll.received();
            assertThat(received)
                    .as("every distinct file's bytes arrived once, the cut-off one's included")
                    .isEqualTo(roll.distinctBytes());
            assertThat(summary.path("bytesUploaded").asLong())
                    .as("what the second run sent is what the service kept from it")
                    .isEqualTo(received - killed.received());

            Cli.Result third = cli.sync("--json", "sync", roll.root().toString(), "--device", DEVICE);

            JsonNode again = third.json();
            assertThat(again.path("uploaded").asInt()).as(third.toString()).isZero();
            assertThat(again.path("bytesUploaded").asLong()).isZero();
            assertThat(again.path("duplicates").asInt()).isEqualTo(roll.considered() - 1);
            assertThat(camroll.received()).isEqualTo(roll.distinctBytes());

            List<JsonNode> media = camroll.awaitAnalysed(distinct);
            assertThat(media.stream().map(item -> item.path("sha256").asString()))
                    .as("each distinct file once")
                    .containsExactlyInAnyOrderElementsOf(roll.distinctSha256());
            assertThat(media)
                    .allSatisfy(item -> assertThat(item.path("state").asString())
                            .as(item.toString())
                            .isEqualTo("processed"));
        }
    }

    @Test
    void uploadsCutOffByADroppedConnectionAreResumedByTheNextRunWithoutSendingAnythingTwice() throws Exception {
        // Three photos of about 5 MB, a small one and a copy, all uploaded at once (the service streams at most 4
        // uploads of a user at a time), so the drop cuts each upload that is not finished.
        Roll roll = CameraRolls.write(work.resolve("roll"), new Recipe(1, 3, 5_000_000, 0, 0, 0, 1, false), 19);
        Path dataDir = work.resolve("data");
        try (ServiceProcess service = start(dataDir);
                NetworkLink link = NetworkLink.to(service.port(), 4_000_000)) {
            Service camroll = new Service(service, dataDir, "bob");
            Cli cli = new Cli(work.resolve("cli"), link);
            cli.login(dataDir, "bob");

            Cli.Started first = cli.start(
                    "--json", "sync", roll.root().toString(), "--device", DEVICE, "--no-progress", "--uploads", "4");
            await("a third of the roll sent")
                    .atMost(Duration.ofMinutes(2))
                    .pollInterval(Duration.ofMillis(10))
                    .until(() -> link.sent() > roll.distinctBytes() / 3);
            link.down();
            Kept dropped = camroll.settled();
            assertThat(dropped.partialBytes())
                    .as("the service kept the bytes of the uploads cut off")
                    .isPositive();
            // The run retries for a while, then gives the files up and ends.
            Cli.Result firstRun = first.finish();
            assertThat(firstRun.exit()).as(firstRun.toString()).isEqualTo(1);
            assertThat(firstRun.json()
                            .path("failed")
                            .valueStream()
                            .map(f -> f.path("reason").asString()))
                    .as(firstRun.toString())
                    .hasSize(roll.distinct().size() - dropped.media())
                    .allSatisfy(reason -> assertThat(reason).startsWith("connection failed"));
            assertThat(camroll.received()).isEqualTo(dropped.received());

            link.up();
            Cli.Result second = cli.sync("--json", "sync", roll.root().toString(), "--device", DEVICE);

            assertThat(second.exit()).as(second.toString()).isZero();
            JsonNode summary = second.json();
            assertThat(summary.path("uploaded").asInt())
                    .isEqualTo(roll.distinct().size() - dropped.media());
            assertThat(camroll.received())
                    .as("every distinct file's bytes arrived once")
                    .isEqualTo(roll.distinctBytes());
            assertThat(summary.path("bytesUploaded").asLong()).isEqualTo(roll.distinctBytes() - dropped.received());
            assertThat(camroll.media().stream().map(item -> item.path("sha256").asString()))
                    .containsExactlyInAnyOrderElementsOf(roll.distinctSha256());
        }
    }

    @Test
    void ctrlCStopsTheUploadsPrintsTheSummaryAndTheNextRunContinuesWhereTheyStopped() throws Exception {
        // Photos of 20 MB: when Ctrl-C comes, each upload still has more to send than the kernel's buffers (a few MB)
        // hold, so the command itself stops them (what it had written before still arrives).
        Roll roll = CameraRolls.write(work.resolve("roll"), new Recipe(1, 3, 20_000_000, 0, 0, 0, 0, false), 20);
        Path dataDir = work.resolve("data");
        try (ServiceProcess service = start(dataDir);
                NetworkLink link = NetworkLink.to(service.port(), 8_000_000)) {
            Service camroll = new Service(service, dataDir, "carol");
            Cli cli = new Cli(work.resolve("cli"), link);
            cli.login(dataDir, "carol");

            Cli.Started first =
                    cli.start("--json", "sync", roll.root().toString(), "--device", DEVICE, "--no-progress");
            await("a third of the roll sent")
                    .atMost(Duration.ofMinutes(2))
                    .pollInterval(Duration.ofMillis(10))
                    .until(() -> link.sent() > roll.distinctBytes() / 3);
            // What Ctrl-C sends to the foreground process. A process started in the background of a non-interactive
            // shell (a CI job, nohup) inherits SIGINT ignored, and so does the command: then SIGTERM, which the
            // command handles the same way, stands in for it.
            String signal = inheritsSigintIgnored() ? "TERM" : "INT";
            new ProcessBuilder(
                            "kill", "-" + signal, Long.toString(first.process().pid()))
                    .start()
                    .waitFor();
            Cli.Result interrupted = first.finish();

            assertThat(interrupted.exit()).as(interrupted.toString()).isEqualTo("INT".equals(signal) ? 130 : 143);
            assertThat(interrupted.json().path("interrupted").asBoolean()).isTrue();
            assertThat(interrupted.json().path("failed").isEmpty()).isTrue();
            Kept stopped = camroll.settled();
            assertThat(stopped.partialBytes())
                    .as("the uploads under way stopped midway, their bytes kept: " + stopped + "\n" + interrupted)
                    .isPositive();
            assertThat(interrupted.json().path("bytesUploaded").asLong()).isLessThanOrEqualTo(stopped.received());

            Cli.Result second = cli.sync("--json", "sync", roll.root().toString(), "--device", DEVICE);

            assertThat(second.exit()).as(second.toString()).isZero();
            assertThat(camroll.received())
                    .as("every distinct file's bytes arrived once")
                    .isEqualTo(roll.distinctBytes());
            assertThat(second.json().path("bytesUploaded").asLong())
                    .isEqualTo(roll.distinctBytes() - stopped.received());
        }
    }

    /** Whether this JVM (and so a process it starts) has SIGINT ignored: bit 1 of SigIgn in /proc/self/status. */
    private static boolean inheritsSigintIgnored() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("SigIgn:")) {
                return (Long.parseLong(line.substring("SigIgn:".length()).trim(), 16) & 0b10) != 0;
            }
        }
        return false;
    }

    private ServiceProcess start(Path dataDir) throws IOException {
        Map<String, Object> properties = new HashMap<>();
        properties.put("camroll.data-dir", dataDir);
        List<String> jvm = List.of(
                "-Xmx512m",
                "-XX:TieredStopAtLevel=1",
                "-Djava.io.tmpdir=" + Files.createDirectories(work.resolve("tmp")));
        return ServiceProcess.start(properties, jvm, work.resolve("service.log"), Duration.ofMinutes(3));
    }

    /**
     * What the service holds after an interrupted run: the bytes it kept ({@code received}), and the media stored (of
     * {@code mediaBytes} in all). The rest of the bytes belong to uploads cut off midway.
     */
    record Kept(long received, int media, long mediaBytes) {

        long partialBytes() {
            return received - mediaBytes;
        }
    }

    /** The service as the test sees it, directly (not over the link): a user who has given consent, and an operator. */
    static final class Service {

        private final Api api;

        private final String user;

        private final String operator;

        Service(ServiceProcess process, Path dataDir, String subject) {
            this.api = new Api(process.port());
            this.user = token(dataDir, Map.of("sub", subject));
            this.operator = token(dataDir, Map.of("sub", "operator", "roles", List.of("admin")));
            String notice = api.get("/v1/consent/purposes")
                    .token(user)
                    .send()
                    .json()
                    .valueStream()
                    .filter(purpose -> purpose.path("purpose").asString().equals("cloud_processing"))
                    .findFirst()
                    .orElseThrow()
                    .path("noticeVersion")
                    .asString();
            Api.Response given = api.put(
                            "/v1/consent/cloud_processing", Map.of("state", "GIVEN", "noticeVersion", notice))
                    .token(user)
                    .send();
            assertThat(given.status()).as(given.toString()).isEqualTo(200);
        }

        private String token(Path dataDir, Map<String, Object> claims) {
            return api.devToken(dataDir, claims).send().json().path("token").asString();
        }

        /** {@code camroll_upload_received_bytes_total}, all protocols together. */
        long received() {
            String metrics =
                    api.get("/actuator/prometheus").token(operator).send().body();
            Matcher sample = Pattern.compile(
                            "^camroll_upload_received_bytes_total\\{protocol=\"\\w+\"} (\\S+)$", Pattern.MULTILINE)
                    .matcher(metrics);
            double sum = 0;
            boolean found = false;
            while (sample.find()) {
                sum += Double.parseDouble(sample.group(1));
                found = true;
            }
            assertThat(found)
                    .as("camroll_upload_received_bytes_total in the metrics")
                    .isTrue();
            return (long) sum;
        }

        /** Every media of the user, all pages. */
        List<JsonNode> media() {
            List<JsonNode> items = new ArrayList<>();
            String cursor = null;
            do {
                JsonNode page = api.get("/v1/media?limit=200" + (cursor == null ? "" : "&cursor=" + cursor))
                        .token(user)
                        .send()
                        .json();
                page.path("items").forEach(items::add);
                cursor = page.path("nextCursor").isString()
                        ? page.path("nextCursor").asString()
                        : null;
            } while (cursor != null);
            return items;
        }

        /**
         * What the service holds once the requests that were cut off have been recorded: the count of received bytes
         * and the media have stayed the same for a second.
         */
        Kept settled() {
            Kept[] last = {null};
            AtomicInteger unchanged = new AtomicInteger();
            await("the cut-off requests recorded")
                    .atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(250))
                    .until(() -> {
                        List<JsonNode> media = media();
                        Kept now = new Kept(
                                received(),
                                media.size(),
                                media.stream()
                                        .mapToLong(item -> item.path("size").asLong())
                                        .sum());
                        unchanged.set(now.equals(last[0]) ? unchanged.get() + 1 : 0);
                        last[0] = now;
                        return unchanged.get() >= 4;
                    });
            return last[0];
        }

        /** Waits until the analysis of {@code count} media has ended (processed or failed); answers them. */
        List<JsonNode> awaitAnalysed(int count) {
            AtomicReference<List<JsonNode>> media = new AtomicReference<>();
            await("the analysis of every media")
                    .atMost(Duration.ofMinutes(4))
                    .pollInterval(Duration.ofSeconds(1))
                    .until(() -> {
                        media.set(media());
                        return media.get().size() == count
                                && media.get().stream()
                                        .noneMatch(item ->
                                                item.path("state").asString().equals("stored"));
                    });
            return media.get();
        }
    }

    /**
     * The {@code camroll} command as a process of its own, started from the test JVM's classpath without the test
     * classes, with its config file and state in a directory of the test's, talking to the service over the link.
     */
    static final class Cli {

        private final Path home;

        private final String server;

        private int runs;

        Cli(Path home, NetworkLink link) throws IOException {
            this.home = Files.createDirectories(home);
            this.server = "http://127.0.0.1:" + link.port();
        }

        /** A run under way; {@link #finish} waits for its end. */
        record Started(Process process, Path out, Path err) {

            Result finish() throws IOException, InterruptedException {
                if (!process.waitFor(3, TimeUnit.MINUTES)) {
                    process.destroyForcibly();
                    fail("camroll did not end within 3 minutes: " + Files.readString(err));
                }
                return new Result(
                        process.exitValue(),
                        Files.readString(out, StandardCharsets.UTF_8),
                        Files.readString(err, StandardCharsets.UTF_8));
            }
        }

        /** How a run ended: its exit code, standard output (the summary) and error (progress, messages). */
        record Result(int exit, String out, String err) {

            JsonNode json() {
                return Api.JSON.readTree(out);
            }

            @Override
            public String toString() {
                return "exit " + exit + "\nstdout:\n" + out + "\nstderr:\n" + err;
            }
        }

        void login(Path dataDir, String user) throws Exception {
            Result login = run(
                    "login",
                    "--dev",
                    "--user",
                    user,
                    "--secret-file",
                    dataDir.resolve("dev-token.secret").toString());
            assertThat(login.exit()).as(login.toString()).isZero();
        }

        /** A run to its end, without progress bars. */
        Result sync(String... args) throws Exception {
            List<String> all = new ArrayList<>(Arrays.asList(args));
            all.add("--no-progress");
            return run(all.toArray(String[]::new));
        }

        Result run(String... args) throws Exception {
            return start(args).finish();
        }

        Started start(String... args) throws IOException {
            runs++;
            List<String> command = new ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-XX:TieredStopAtLevel=1",
                    "-cp",
                    classpath(),
                    MAIN_CLASS,
                    "--server",
                    server));
            command.addAll(Arrays.asList(args));
            Path out = home.resolve("run-" + runs + ".out");
            Path err = home.resolve("run-" + runs + ".err");
            ProcessBuilder builder =
                    new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
            builder.environment().remove("CAMROLL_SERVER");
            builder.environment().remove("CAMROLL_TOKEN");
            builder.environment()
                    .put("CAMROLL_CONFIG", home.resolve("config.properties").toString());
            builder.environment().put("CAMROLL_STATE_DIR", home.resolve("state").toString());
            return new Started(builder.start(), out, err);
        }

        /** The test JVM's classpath without test output: the command's classes and dependencies are on it. */
        private static String classpath() {
            return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                    .filter(entry -> !Path.of(entry).endsWith("test-classes"))
                    .collect(Collectors.joining(File.pathSeparator));
        }
    }
}
