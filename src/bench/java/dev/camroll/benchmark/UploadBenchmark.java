package dev.camroll.benchmark;

import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import static dev.camroll.benchmark.Benchmarks.MINUTE;
import static dev.camroll.benchmark.Benchmarks.loadAverage;
import static dev.camroll.benchmark.Benchmarks.progress;

/**
 * The upload benchmark of issue 3 (point 6 and its performance targets). In one run, against the packaged service
 * started as a separate process with a small heap and its own data directory:
 * <ol>
 * <li>one file at a time, each file through the raw disk path (read + SHA-256 + write + fsync, into the service's
 * data directory) and through tus (one PATCH with the whole file, timed until its {@code 204}, which comes after
 * the whole-file SHA-256 check, the fsynced staging and the hand-over to media), and, to tell where the raw path's
 * time goes, hashing alone and writing alone;</li>
 * <li>the same files again, as another user, all at once, while the service's memory is watched.</li>
 * </ol>
 * It prints a table and exits non-zero when an upload did not complete; a missed performance target is printed as
 * {@code MISS}, not failed.
 */
public final class UploadBenchmark {

    /** Ingest through tus at 70% or more of the raw disk path. */
    static final double INGEST_TARGET = 0.70;

    /** Peak RSS under 700 MiB with the parallel uploads at {@code -Xmx256m}. */
    static final long RSS_TARGET = 700 * BenchmarkSettings.MIB;

    /** The paths each file takes in the throughput phase. */
    private enum Step {
        RAW,
        TUS,
        HASH,
        WRITE
    }

    private final BenchmarkSettings settings;

    private final List<String> failures = new ArrayList<>();

    private UploadBenchmark(BenchmarkSettings settings) {
        this.settings = settings;
    }

    public static void main(String[] args) throws Exception {
        System.exit(run(BenchmarkSettings.fromSystemProperties()));
    }

    static int run(BenchmarkSettings settings) throws Exception {
        return new UploadBenchmark(settings).run();
    }

    private int run() throws Exception {
        return Benchmarks.inRunDirectory(settings.workRoot(), "upload-benchmark-", settings.keep(), this::measure);
    }

    private int measure(Path runDir) throws Exception {
        Path dataDir = Files.createDirectories(runDir.resolve("data"));
        Path filesDir = Files.createDirectories(runDir.resolve("files"));
        String started = MINUTE.format(Instant.now());
        double loadBefore = loadAverage();
        progress(
                "generating %d files of %s and %d warm-up files in %s",
                settings.uploads(), mib(settings.fileSize()), settings.warmups(), filesDir);
        List<BenchmarkFile> warmups = new ArrayList<>();
        for (int i = 0; i < settings.warmups(); i++) {
            warmups.add(BenchmarkFile.generate(
                    filesDir.resolve(String.format("WARMUP_%d.mp4", i + 1)), settings.warmupSize(), -1 - i));
        }
        List<BenchmarkFile> files = new ArrayList<>();
        for (int i = 0; i < settings.uploads(); i++) {
            files.add(BenchmarkFile.generate(
                    filesDir.resolve(String.format("VID_%04d.mp4", i + 1)), settings.fileSize(), i));
        }

        progress("starting the service (-Xmx%s) on %s", settings.serverHeap(), dataDir);
        try (CamrollProcess service = CamrollProcess.start(
                settings.jar(),
                dataDir,
                settings.serverHeap(),
                settings.serverJvmArgs(),
                runDir.resolve("service.log"))) {
            SyncClient client = new SyncClient(service);
            RawDiskPath raw = new RawDiskPath(dataDir.resolve("raw-disk-path"));
            SyncClient.User oneUser = client.user("bench-one-at-a-time");

            progress("warming up both paths with %d x %s", warmups.size(), mib(settings.warmupSize()));
            List<SyncClient.Patched> warmed = new ArrayList<>();
            for (SyncClient.Upload upload : oneUser.announce(warmups)) {
                raw.copy(upload.file());
                warmed.add(oneUser.patch(upload));
            }
            raw.clear();
            check("warm-up", oneUser, warmed, dataDir);

            progress("one file at a time: raw disk path, tus PATCH, hashing alone, writing alone");
            OneAtATime one = oneAtATime(service, raw, oneUser, oneUser.announce(files));
            progress("tus: %d PATCHes at once, memory watched", files.size());
            SyncClient.User allUser = client.user("bench-parallel");
            AllAtOnce all = allAtOnce(service, client, allUser, allUser.announce(files));
            double loadAfter = loadAverage();

            progress("checking every upload: 204, stored media, SHA-256 of the stored object");
            int oneDone = check("one at a time", oneUser, one.patches(), dataDir);
            int allDone = check("parallel", allUser, all.patches(), dataDir);

            FileStore store = Files.getFileStore(dataDir);
            System.out.println();
            System.out.printf(
                    "camroll upload benchmark, %s, %d cores, load average %.2f before / %.2f after%n",
                    started, Runtime.getRuntime().availableProcessors(), loadBefore, loadAfter);
            System.out.printf("data directory %s (%s on %s)%n", dataDir, store.type(), store.name());
            System.out.printf(
                    "service: java -Xmx%s %s-jar %s, pid %d; files: %d x %s (video/mp4), %d MB in all%n",
                    settings.serverHeap(),
                    settings.serverJvmArgs().isEmpty() ? "" : String.join(" ", settings.serverJvmArgs()) + " ",
                    settings.jar().getFileName(),
                    service.pid(),
                    files.size(),
                    mib(settings.fileSize()),
                    Math.round(one.tus().total().bytes() / 1e6));
            System.out.println();
            report(one, oneDone, all, allDone, files.size()).print(System.out);
        }
        for (String failure : failures) {
            System.out.println("FAILED " + failure);
        }
        return failures.isEmpty() ? 0 : 1;
    }

    /** The throughput phase's measurements. */
    private record OneAtATime(
            PerFile raw,
            PerFile tus,
            PerFile hash,
            PerFile write,
            long[] serviceCpu,
            long[] benchmarkCpu,
            double otherCores,
            double stealCores,
            List<SyncClient.Patched> patches) {

        long cpuPerFile(long[] cpu, Step step) {
            return cpu[step.ordinal()] / raw.files().size();
        }
    }

    /**
     * Takes each file through every path in turn, starting one step later with each file, so that a background load
     * that comes and goes weighs on all of them alike.
     */
    private static OneAtATime oneAtATime(
            CamrollProcess service, RawDiskPath raw, SyncClient.User user, List<SyncClient.Upload> uploads)
            throws IOException, InterruptedException {
        Step[] steps = Step.values();
        long[][] nanos = new long[steps.length][uploads.size()];
        long[] serviceCpu = new long[steps.length];
        long[] benchmarkCpu = new long[steps.length];
        List<SyncClient.Patched> patches = new ArrayList<>();
        CpuAccount start = CpuAccount.now(service);
        for (int i = 0; i < uploads.size(); i++) {
            SyncClient.Upload upload = uploads.get(i);
            long tusServiceCpu = 0;
            for (int k = 0; k < steps.length; k++) {
                Step step = steps[(i + k) % steps.length];
                long serviceBefore = service.cpuMillis();
                long benchmarkBefore = benchmarkCpuMillis();
                nanos[step.ordinal()][i] = switch (step) {
                    case RAW -> raw.copy(upload.file());
                    case TUS -> {
                        SyncClient.Patched patched = user.patch(upload);
                        patches.add(patched);
                        yield patched.nanos();
                    }
                    case HASH -> raw.hash(upload.file());
                    case WRITE -> raw.write(upload.file());
                };
                long serviceUsed = service.cpuMillis() - serviceBefore;
                serviceCpu[step.ordinal()] += serviceUsed;
                benchmarkCpu[step.ordinal()] += benchmarkCpuMillis() - benchmarkBefore;
                tusServiceCpu = step == Step.TUS ? serviceUsed : tusServiceCpu;
            }
            progress(
                    "  %s: raw %d ms, tus %d ms (service CPU %d ms), hash only %d ms, write only %d ms",
                    upload.file().name(),
                    millis(nanos[Step.RAW.ordinal()][i]),
                    millis(nanos[Step.TUS.ordinal()][i]),
                    tusServiceCpu,
                    millis(nanos[Step.HASH.ordinal()][i]),
                    millis(nanos[Step.WRITE.ordinal()][i]));
        }
        CpuAccount end = CpuAccount.now(service);
        raw.clear();
        List<BenchmarkFile> files =
                uploads.stream().map(SyncClient.Upload::file).toList();
        return new OneAtATime(
                new PerFile(files, nanos[Step.RAW.ordinal()]),
                new PerFile(files, nanos[Step.TUS.ordinal()]),
                new PerFile(files, nanos[Step.HASH.ordinal()]),
                new PerFile(files, nanos[Step.WRITE.ordinal()]),
                serviceCpu,
                benchmarkCpu,
                end.othersSince(start),
                end.stealSince(start),
                patches);
    }

    /** The memory phase's measurements. */
    private record AllAtOnce(
            Throughput aggregate,
            HeapMetrics before,
            HeapMetrics after,
            MemoryWatch.Peaks peaks,
            long peakRss,
            List<SyncClient.Patched> patches) {}

    /** Sends every PATCH at once while the service's memory is watched. */
    private static AllAtOnce allAtOnce(
            CamrollProcess service, SyncClient client, SyncClient.User user, List<SyncClient.Upload> uploads)
            throws Exception {
        String admin = client.token("bench-admin", "admin");
        HeapMetrics before = HeapMetrics.parse(client.prometheus(admin));
        MemoryWatch.Peaks peaks;
        List<SyncClient.Patched> patches;
        long start = System.nanoTime();
        try (MemoryWatch watch = new MemoryWatch(service, client, admin)) {
            patches = patchAllAtOnce(user, uploads);
            peaks = watch.peaks();
        }
        long bytes = uploads.stream().mapToLong(upload -> upload.file().size()).sum();
        Throughput aggregate = new Throughput(bytes, System.nanoTime() - start);
        return new AllAtOnce(
                aggregate, before, HeapMetrics.parse(client.prometheus(admin)), peaks, service.peakRss(), patches);
    }

    private static ResultTable report(OneAtATime one, int oneDone, AllAtOnce all, int allDone, int count) {
        double ratio = one.tus().total().mbPerSecond() / one.raw().total().mbPerSecond();
        long rssPeak = all.peakRss();
        return new ResultTable()
                .section("Throughput, one file at a time (MB = 10^6 bytes; in brackets the slowest and fastest file)")
                .row(
                        "raw disk path: read + SHA-256 + write + fsync",
                        mbs(one.raw().total()),
                        "MB/s",
                        one.raw().spread())
                .row(
                        "tus PATCH into the filesystem store, until 204",
                        mbs(one.tus().total()),
                        "MB/s",
                        one.tus().spread())
                .row(
                        "ingest / raw",
                        String.format(Locale.ROOT, "%.1f", ratio * 100),
                        "%",
                        "",
                        "target >= 70 %",
                        ratio >= INGEST_TARGET ? "PASS" : "MISS")
                .row(
                        "breakdown: read + SHA-256 only",
                        mbs(one.hash().total()),
                        "MB/s",
                        one.hash().spread())
                .row(
                        "breakdown: read + write + fsync only",
                        mbs(one.write().total()),
                        "MB/s",
                        one.write().spread())
                .row(
                        "CPU per file, tus: service + client",
                        one.cpuPerFile(one.serviceCpu(), Step.TUS) + " + "
                                + one.cpuPerFile(one.benchmarkCpu(), Step.TUS),
                        "ms")
                .row("CPU per file, raw disk path", String.valueOf(one.cpuPerFile(one.benchmarkCpu(), Step.RAW)), "ms")
                .row(
                        "other processes' CPU meanwhile (hypervisor steal)",
                        String.format(Locale.ROOT, "%.2f", one.otherCores()),
                        String.format(Locale.ROOT, "cores (%.2f)", one.stealCores()))
                .row("uploads completed", oneDone + "/" + count, "")
                .section(String.format(
                        "Memory, %d parallel uploads of %s",
                        count, mib(one.raw().files().get(0).size())))
                .row("uploads completed (204, stored, object SHA-256)", allDone + "/" + count, "")
                .row("aggregate throughput", mbs(all.aggregate()), "MB/s")
                .row("heap max", mibValue(all.before().max()), "MiB")
                .row(
                        "heap used, peak (sampled every 250 ms)",
                        mibValue(all.peaks().heapUsed()),
                        "MiB")
                .row("heap committed, peak (sampled)", mibValue(all.peaks().heapCommitted()), "MiB")
                .row(
                        String.format(
                                Locale.ROOT,
                                "GC pauses during the uploads (%.0f ms in all)",
                                (all.after().gcSeconds() - all.before().gcSeconds()) * 1000),
                        String.valueOf(all.after().gcPauses() - all.before().gcPauses()),
                        "")
                .row("RSS, peak while uploading (sampled)", mibValue(all.peaks().rss()), "MiB")
                .row(
                        "peak RSS of the service's life (VmHWM)",
                        mibValue(rssPeak),
                        "MiB",
                        "",
                        "target < 700 MiB",
                        rssPeak < RSS_TARGET ? "PASS" : "MISS");
    }

    /** One path's times for each file. */
    private record PerFile(List<BenchmarkFile> files, long[] nanos) {

        Throughput total() {
            return new Throughput(
                    files.stream().mapToLong(BenchmarkFile::size).sum(),
                    Arrays.stream(nanos).sum());
        }

        /** The slowest and the fastest file, in MB/s. */
        String spread() {
            double slowest = Double.MAX_VALUE;
            double fastest = 0;
            for (int i = 0; i < nanos.length; i++) {
                double mbs = new Throughput(files.get(i).size(), nanos[i]).mbPerSecond();
                slowest = Math.min(slowest, mbs);
                fastest = Math.max(fastest, mbs);
            }
            return String.format(Locale.ROOT, "(%.0f to %.0f)", slowest, fastest);
        }
    }

    private static List<SyncClient.Patched> patchAllAtOnce(SyncClient.User user, List<SyncClient.Upload> uploads)
            throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(uploads.size());
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<SyncClient.Patched>> running = new ArrayList<>();
            for (SyncClient.Upload upload : uploads) {
                running.add(pool.submit(() -> {
                    go.await();
                    return user.patch(upload);
                }));
            }
            go.countDown();
            List<SyncClient.Patched> patched = new ArrayList<>();
            for (Future<SyncClient.Patched> result : running) {
                patched.add(result.get());
            }
            return patched;
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * Counts the uploads that completed: {@code 204} at the file's length, stored media with the file's SHA-256, and
     * an object in the store whose bytes hash to it. Every other one is a failure.
     */
    private int check(String phase, SyncClient.User user, List<SyncClient.Patched> patched, Path dataDir)
            throws IOException, InterruptedException {
        int done = 0;
        for (SyncClient.Patched patch : patched) {
            SyncClient.Upload upload = patch.upload();
            String problem = null;
            if (!patch.complete()) {
                problem = "PATCH answered " + patch.status() + " at offset " + patch.offset() + ": " + patch.body();
            } else if (!user.stored(upload)) {
                problem = "no stored media " + upload.mediaId() + " with the file's size and SHA-256";
            } else {
                Optional<Path> object = storedObject(dataDir, upload.mediaId());
                if (object.isEmpty()) {
                    problem = "no object for media " + upload.mediaId() + " in the store";
                } else if (!sha256(object.get()).equals(upload.file().sha256())) {
                    problem = "the stored object " + object.get() + " is not the file";
                }
            }
            if (problem == null) {
                done++;
            } else {
                failures.add(phase + " " + upload.file().name() + ": " + problem);
            }
        }
        return done;
    }

    /** The filesystem store keeps media originals at {@code objects/u/{userKey}/original/{mediaId}}. */
    static Optional<Path> storedObject(Path dataDir, String mediaId) throws IOException {
        Path users = dataDir.resolve("objects").resolve("u");
        if (!Files.isDirectory(users)) {
            return Optional.empty();
        }
        try (Stream<Path> userDirs = Files.list(users)) {
            return userDirs.map(user -> user.resolve("original").resolve(mediaId))
                    .filter(Files::isRegularFile)
                    .findFirst();
        }
    }

    /** The SHA-256 of a file, in hex. */
    static String sha256(Path file) throws IOException {
        var digest = BenchmarkFile.newDigest();
        byte[] buffer = new byte[RawDiskPath.BUFFER_SIZE];
        try (InputStream in = Files.newInputStream(file)) {
            int read;
            while ((read = in.read(buffer)) >= 0) {
                digest.update(buffer, 0, read);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static long millis(long nanos) {
        return nanos / 1_000_000;
    }

    private static long benchmarkCpuMillis() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                        .getProcessCpuTime()
                / 1_000_000;
    }

    private static String mbs(Throughput throughput) {
        return String.format(Locale.ROOT, "%.1f", throughput.mbPerSecond());
    }

    private static String mib(long bytes) {
        return bytes % BenchmarkSettings.MIB == 0 ? bytes / BenchmarkSettings.MIB + " MiB" : bytes + " bytes";
    }

    private static String mibValue(long bytes) {
        return String.valueOf(Math.round(bytes / (double) BenchmarkSettings.MIB));
    }
}
