package dev.camroll.benchmark;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.camroll.media.BenchmarkPhotos;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static dev.camroll.benchmark.Benchmarks.MINUTE;
import static dev.camroll.benchmark.Benchmarks.loadAverage;
import static dev.camroll.benchmark.Benchmarks.progress;

/**
 * {@code camroll sync} of a folder of photos to a local service (issue 18), next to the same files copied with
 * {@code cp} and hashed with {@code sha256sum} on the same disk in the same run. In order, it:
 * <ol>
 * <li>writes the photos into {@code DCIM/100APPLE/IMG_0001.JPG}...: a small real JPEG with comment segments of random
 * bytes after its start-of-image marker, padding it to the size (decodable, and every file different), forced to
 * disk;</li>
 * <li>copies the folder with {@code cp -r}, hashes the copies with {@code sha256sum} and flushes them with
 * {@code sync}, timing each (the baseline);</li>
 * <li>starts the packaged service with its job workers off (the sync, not the analysis, is measured), gives consent
 * as a new user, and signs the command in ({@code camroll login --dev});</li>
 * <li>runs {@code java -jar camroll-cli-*-all.jar --json sync DIR --no-progress} with a fresh state directory (so it
 * hashes every file), timed from its start to its exit, polling its {@code /proc} status for the peak resident set
 * ({@code VmHWM}) and its CPU time;</li>
 * <li>checks its summary (every photo uploaded, every byte sent once) against the service's count of the bytes it
 * received, takes the baseline once more, and prints the table.</li>
 * </ol>
 */
public final class CliBenchmark {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static final int PER_FOLDER = 100;

    private final CliBenchSettings settings;

    private final List<String> failures = new ArrayList<>();

    private CliBenchmark(CliBenchSettings settings) {
        this.settings = settings;
    }

    public static void main(String[] args) throws Exception {
        System.exit(run(CliBenchSettings.fromSystemProperties()));
    }

    static int run(CliBenchSettings settings) throws Exception {
        if (!Files.isRegularFile(settings.cliJar())) {
            System.out.println("camroll CLI benchmark: no " + settings.cliJar()
                    + "; run ./mvnw -q -Pbenchmark -DskipTests verify from the top of the repository (it packages it)");
            return 1;
        }
        CliBenchmark benchmark = new CliBenchmark(settings);
        return Benchmarks.inRunDirectory(settings.workRoot(), "cli-benchmark-", settings.keep(), benchmark::measure);
    }

    private int measure(Path runDir) throws Exception {
        String started = MINUTE.format(Instant.now());
        double loadBefore = loadAverage();
        Path roll = runDir.resolve("roll");
        progress("writing %d photos of %d bytes into %s", settings.photos(), settings.fileSize(), roll);
        long bytes = writePhotos(roll);

        progress("baseline: cp -r, sha256sum, sync");
        Baseline before = baseline(roll, runDir.resolve("copy"));

        Path dataDir = Files.createDirectories(runDir.resolve("data"));
        progress("starting the service (-Xmx%s, job workers off) on %s", settings.serverHeap(), dataDir);
        Sync sync;
        long received;
        long serviceCpu;
        try (CamrollProcess service = CamrollProcess.start(
                settings.jar(),
                dataDir,
                settings.serverHeap(),
                settings.serverJvmArgs(),
                List.of("--camroll.jobs.enabled=false"),
                runDir.resolve("service.log"))) {
            SyncClient client = new SyncClient(service);
            client.user("bench-cli");
            String operator = client.token("bench-operator", "admin");
            Path home = Files.createDirectories(runDir.resolve("cli"));
            String server = service.base().toString();
            Sync login = cli(
                    home,
                    server,
                    "login",
                    "--dev",
                    "--user",
                    "bench-cli",
                    "--secret-file",
                    dataDir.resolve("dev-token.secret").toString());
            if (login.exit() != 0) {
                throw new IllegalStateException("camroll login failed: " + login.err());
            }
            long cpuBefore = service.cpuMillis() + service.postgresCpuMillis();
            progress("camroll sync of %d photos", settings.photos());
            List<String> args = new ArrayList<>(List.of("--json", "sync", roll.toString(), "--no-progress"));
            if (settings.uploads() > 0) {
                args.addAll(List.of("--uploads", String.valueOf(settings.uploads())));
            }
            sync = cli(home, server, args.toArray(String[]::new));
            serviceCpu = service.cpuMillis() + service.postgresCpuMillis() - cpuBefore;
            received = received(client.prometheus(operator));
        }
        check(sync, bytes, received);

        progress("baseline again");
        Baseline after = baseline(roll, runDir.resolve("copy"));
        double loadAfter = loadAverage();

        double cliSeconds = sync.nanos() / 1e9;
        double baseSeconds = (before.durableNanos() + after.durableNanos()) / 2e9;
        System.out.println();
        System.out.printf(
                "camroll CLI benchmark, %s, %d cores, load average %.2f before / %.2f after%n",
                started, Runtime.getRuntime().availableProcessors(), loadBefore, loadAfter);
        System.out.printf(
                "%d photos of %d bytes (%.1f MB) in %d folders; service: java -Xmx%s -jar %s"
                        + " --camroll.jobs.enabled=false; command: java %s -jar %s%s%n",
                settings.photos(),
                settings.fileSize(),
                bytes / 1e6,
                (settings.photos() + PER_FOLDER - 1) / PER_FOLDER,
                settings.serverHeap(),
                settings.jar().getFileName(),
                String.join(" ", settings.cliJvmArgs()),
                settings.cliJar().getFileName(),
                settings.uploads() > 0 ? " (--uploads " + settings.uploads() + ")" : " (its default --uploads)");
        System.out.println();
        new ResultTable()
                .section("camroll sync (from the command's start to its exit, hashing included)")
                .row("wall time", seconds(cliSeconds), "s")
                .row("photos per second", String.format(Locale.ROOT, "%.1f", settings.photos() / cliSeconds), "")
                .row("throughput", String.format(Locale.ROOT, "%.1f", bytes / 1e6 / cliSeconds), "MB/s")
                .row("peak RSS of the command (VmHWM)", mib(sync.peakRss()), "MiB")
                .row("CPU: command; service + its PostgreSQL", sync.cpuMillis() + "; " + serviceCpu, "ms")
                .section("baseline: the same files, cp -r + sha256sum + sync (before / after)")
                .row("cp -r", seconds(before.copyNanos() / 1e9) + " / " + seconds(after.copyNanos() / 1e9), "s")
                .row("sha256sum", seconds(before.hashNanos() / 1e9) + " / " + seconds(after.hashNanos() / 1e9), "s")
                .row("sync", seconds(before.syncNanos() / 1e9) + " / " + seconds(after.syncNanos() / 1e9), "s")
                .row("cp + sha256sum + sync, mean", seconds(baseSeconds), "s")
                .row("throughput", String.format(Locale.ROOT, "%.1f", bytes / 1e6 / baseSeconds), "MB/s")
                .section("camroll sync against the baseline")
                .row(
                        "time ratio (camroll / baseline)",
                        String.format(Locale.ROOT, "%.2f", cliSeconds / baseSeconds),
                        "")
                .row(
                        "uploaded, bytes sent, bytes the service received",
                        sync.summary().path("uploaded").asInt() + ", "
                                + sync.summary().path("bytesUploaded").asLong() + ", " + received,
                        "")
                .print(System.out);
        for (String failure : failures) {
            System.out.println("FAILED " + failure);
        }
        return failures.isEmpty() ? 0 : 1;
    }

    // ------------------------------------------------------------------ the photos

    /** Writes the photos, each forced to disk; answers their bytes in all. */
    private long writePhotos(Path roll) throws IOException {
        byte[] base = BenchmarkPhotos.jpeg(BenchmarkPhotos.picture(320, 240, 1), 0.9f);
        long total = 0;
        for (int i = 1; i <= settings.photos(); i++) {
            Path folder = Files.createDirectories(roll.resolve("DCIM").resolve((100 + (i - 1) / PER_FOLDER) + "APPLE"));
            byte[] photo = padded(base, Math.toIntExact(settings.fileSize()), i);
            try (FileChannel channel = FileChannel.open(
                    folder.resolve(String.format(Locale.ROOT, "IMG_%04d.JPG", i)),
                    StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE)) {
                ByteBuffer buffer = ByteBuffer.wrap(photo);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            total += photo.length;
        }
        return total;
    }

    /**
     * {@code jpeg} padded to {@code size} bytes with comment (COM) segments of random bytes right after its
     * start-of-image marker: still a JPEG every decoder reads (they skip comments), and different for every seed.
     */
    static byte[] padded(byte[] jpeg, int size, long seed) {
        int padding = size - jpeg.length;
        if (padding < 4) {
            throw new IllegalArgumentException("the base JPEG has " + jpeg.length + " bytes, more than " + size);
        }
        SplittableRandom random = new SplittableRandom(seed);
        ByteArrayOutputStream out = new ByteArrayOutputStream(size);
        out.write(jpeg, 0, 2); // SOI
        while (padding > 0) {
            // A segment is the marker (2 bytes), its length (2 bytes, counting itself) and at most 65,533 bytes.
            int segment = Math.min(padding, 65_537);
            if (padding - segment > 0 && padding - segment < 4) {
                segment -= 4; // leave room for one more whole segment
            }
            byte[] data = new byte[segment - 4];
            random.nextBytes(data);
            int length = segment - 2;
            out.write(0xff);
            out.write(0xfe);
            out.write(length >> 8);
            out.write(length & 0xff);
            out.write(data, 0, data.length);
            padding -= segment;
        }
        out.write(jpeg, 2, jpeg.length - 2);
        return out.toByteArray();
    }

    // ------------------------------------------------------------------ the baseline

    /** The baseline's three steps, in nanoseconds; durable = all three. */
    private record Baseline(long copyNanos, long hashNanos, long syncNanos) {

        long durableNanos() {
            return copyNanos + hashNanos + syncNanos;
        }
    }

    private static Baseline baseline(Path roll, Path copy) throws Exception {
        long copying = timed(List.of("cp", "-r", roll.toString(), copy.toString()));
        long hashing = timed(
                List.of("sh", "-c", "find \"$1\" -type f -exec sha256sum {} + > /dev/null", "sh", copy.toString()));
        long syncing = timed(List.of("sync"));
        Benchmarks.deleteTree(copy);
        timed(List.of("sync")); // the deletion is not the next measurement's work
        return new Baseline(copying, hashing, syncing);
    }

    private static long timed(List<String> command) throws Exception {
        long start = System.nanoTime();
        Process process = new ProcessBuilder(command).inheritIO().start();
        if (process.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " exited with " + process.exitValue());
        }
        return System.nanoTime() - start;
    }

    // ------------------------------------------------------------------ the command

    /** A run of the command: exit code, summary, time from start to exit, peak RSS and CPU as last seen. */
    private record Sync(int exit, String out, String err, long nanos, long peakRss, long cpuMillis) {

        JsonNode summary() {
            return out.isBlank() ? JSON.createObjectNode() : JSON.readTree(out);
        }
    }

    private Sync cli(Path home, String server, String... args) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(settings.cliJvmArgs());
        command.addAll(List.of("-jar", settings.cliJar().toString(), "--server", server));
        command.addAll(List.of(args));
        Path out = home.resolve("out.txt");
        Path err = home.resolve("err.txt");
        ProcessBuilder builder =
                new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
        Map<String, String> environment = builder.environment();
        environment.remove("CAMROLL_SERVER");
        environment.remove("CAMROLL_TOKEN");
        environment.put("CAMROLL_CONFIG", home.resolve("config.properties").toString());
        environment.put("CAMROLL_STATE_DIR", home.resolve("state").toString());
        long start = System.nanoTime();
        Process process = builder.start();
        long peak = 0;
        long cpu = 0;
        while (!process.waitFor(20, TimeUnit.MILLISECONDS)) {
            // VmHWM is the kernel's own high-water mark: the last value read before the exit is the peak.
            peak = Math.max(peak, highWaterMark(process.pid()));
            cpu = Math.max(cpu, CpuAccount.cpuMillis(process.pid()).orElse(0L));
        }
        long nanos = System.nanoTime() - start;
        return new Sync(
                process.exitValue(),
                Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8),
                nanos,
                peak,
                cpu);
    }

    private static long highWaterMark(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.substring("VmHWM:".length())
                                    .replace("kB", "")
                                    .trim())
                            * 1024;
                }
            }
        } catch (IOException | RuntimeException gone) {
            // the process ended between two reads
        }
        return 0;
    }

    private void check(Sync sync, long bytes, long received) {
        JsonNode summary = sync.summary();
        if (sync.exit() != 0) {
            failures.add("camroll sync exited with " + sync.exit() + ": " + sync.out() + sync.err());
        }
        if (summary.path("uploaded").asInt() != settings.photos()) {
            failures.add("uploaded " + summary.path("uploaded").asInt() + " of " + settings.photos() + " photos");
        }
        if (summary.path("bytesUploaded").asLong() != bytes || received != bytes) {
            failures.add("sent " + summary.path("bytesUploaded").asLong() + " bytes, the service received " + received
                    + ", the photos have " + bytes);
        }
    }

    /** {@code camroll_upload_received_bytes_total}, all protocols together. */
    private static long received(String metrics) {
        Matcher sample = Pattern.compile(
                        "^camroll_upload_received_bytes_total\\{protocol=\"\\w+\"} (\\S+)$", Pattern.MULTILINE)
                .matcher(metrics);
        double sum = 0;
        while (sample.find()) {
            sum += Double.parseDouble(sample.group(1));
        }
        return (long) sum;
    }

    private static String seconds(double seconds) {
        return String.format(Locale.ROOT, "%.2f", seconds);
    }

    private static String mib(long bytes) {
        return String.format(Locale.ROOT, "%.0f", bytes / (1024.0 * 1024));
    }
}
