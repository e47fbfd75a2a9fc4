package dev.camroll.benchmark;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;

import dev.camroll.media.BenchmarkPhotos;

import static dev.camroll.benchmark.Benchmarks.MINUTE;
import static dev.camroll.benchmark.Benchmarks.loadAverage;
import static dev.camroll.benchmark.Benchmarks.progress;

/**
 * The media-analysis benchmark of issue 4 (point 8 and its targets). In one run:
 * <ol>
 * <li>the bare rate: 12 MP JPEGs from disk through the analysis's own code ({@code BareAnalysis}: metadata, decode,
 * previews, measures) in a tight loop, in a JVM of its own started like the service, with as many threads as the
 * service has job workers, and with one;</li>
 * <li>the queue rate: the same files uploaded to the packaged service with its workers off, then the service
 * restarted on the same data directory with its workers on, and timed by the queue's own {@code finished_at} until
 * every photo is processed; then the bare loop once more, so a load that came and went shows;</li>
 * <li>settling: a batch of photos of 1 to 12 MP with PNG and JPEG bombs, truncated JPEGs and garbage behind a JPEG
 * header, uploaded the same way and analysed by the service at {@code -Xmx512m} while its memory is watched.</li>
 * </ol>
 * It prints a table and exits non-zero when an outcome is wrong (a good photo not processed, a bad file not failed
 * as expected, an upload refused); a missed performance target is printed as {@code MISS}, not failed.
 */
public final class AnalysisBenchmark {

    /** The whole queue at 80% or more of the bare rate. */
    static final double QUEUE_TARGET = 0.80;

    /**
     * The most the other processes' CPU may vary between the bare loops and the queue (in cores) for the rates to be
     * compared: both use every core, so another process's load slows whichever runs beside it.
     */
    static final double NOISE_LIMIT = 0.25;

    static final String ANALYZE_MEDIA = "analyze-media";

    static final String BUILD_SUGGESTIONS = "build-suggestions";

    private static final String QUEUE_USER = "bench-queue";

    private static final String BATCH_USER = "bench-batch";

    /** Each phone photo's EXIF orientation, in turn: upright, and the three turns a phone records. */
    private static final int[] ORIENTATIONS = {1, 6, 3, 8};

    /** The settling phase's photo sizes, 4:3 like a phone's: 1, 2, 3, 5, 8 and 12 MP. */
    private static final int[][] BATCH_SIZES = {
        {1152, 864}, {1632, 1224}, {2048, 1536}, {2592, 1944}, {3264, 2448}, {4000, 3000}
    };

    /** Distinct pictures among the 12 MP photos. */
    private static final int DISTINCT_PHOTOS = 30;

    /** Distinct pictures per size in the settling phase; the files of one picture differ in their EXIF. */
    private static final int PICTURES_PER_SIZE = 3;

    private static final Duration SETTLE_TIMEOUT = Duration.ofMinutes(15);

    private static final long POLL_MILLIS = 200;

    private static final DateTimeFormatter EXIF_DATE = DateTimeFormatter.ofPattern("yyyy:MM:dd HH:mm:ss");

    /** A hostile or broken file and the problem its media must fail with. */
    private record BadFile(BenchmarkFile file, String expectedProblem) {}

    /** One timed bare loop, as {@link BareLoop} printed it. */
    private record BareRun(
            int threads, int files, long nanos, long cpuMillis, double others, double steal, ThreadCpu byThread) {

        double photosPerSecond() {
            return files / (nanos / 1e9);
        }
    }

    private final AnalysisSettings settings;

    private final List<String> failures = new ArrayList<>();

    private AnalysisBenchmark(AnalysisSettings settings) {
        this.settings = settings;
    }

    public static void main(String[] args) throws Exception {
        System.exit(run(AnalysisSettings.fromSystemProperties()));
    }

    static int run(AnalysisSettings settings) throws Exception {
        return new AnalysisBenchmark(settings).run();
    }

    private int run() throws Exception {
        return Benchmarks.inRunDirectory(settings.workRoot(), "analysis-benchmark-", settings.keep(), this::measure);
    }

    private int measure(Path runDir) throws Exception {
        Path dataDir = Files.createDirectories(runDir.resolve("data"));
        Path log = runDir.resolve("service.log");
        String started = MINUTE.format(Instant.now());
        double loadBefore = loadAverage();

        progress(
                "generating %d + %d warm-up photos of %d x %d in %s",
                settings.photos(),
                settings.warmups(),
                settings.photoWidth(),
                settings.photoHeight(),
                runDir.resolve("photos"));
        List<BenchmarkFile> photos = photos(Files.createDirectories(runDir.resolve("photos")));
        long photoBytes = photos.stream()
                .skip(settings.warmups())
                .mapToLong(BenchmarkFile::size)
                .sum();

        progress("bare loop: %d threads, then 1, after %d warm-up photos", settings.workers(), settings.warmups());
        List<BareRun> bareBefore = bare(runDir, photos, settings.workers() + ",1");

        progress("uploading the photos with the job workers off");
        int queued;
        try (CamrollProcess service = start(dataDir, log, false)) {
            SyncClient.User user = new SyncClient(service).user(QUEUE_USER, "cloud_processing");
            queued = upload("queue phase", user, List.of(user.announceBatch(photos)));
        }
        progress("restarting with %d job workers: the queue analyses them", settings.workers());
        QueueRun queue;
        try (CamrollProcess service = start(dataDir, log, true)) {
            queue = queue(service, dataDir, queued);
        }

        progress("bare loop again: %d threads", settings.workers());
        List<BareRun> bareAfter = bare(runDir, photos, String.valueOf(settings.workers()));

        Settling settling =
                settings.batchPhotos() == 0 ? null : settlingPhase(runDir, dataDir, log, photos.get(photos.size() - 1));
        double loadAfter = loadAverage();

        FileStore store = Files.getFileStore(dataDir);
        System.out.println();
        System.out.printf(
                "camroll analysis benchmark, %s, %d cores, load average %.2f before / %.2f after%n",
                started, Runtime.getRuntime().availableProcessors(), loadBefore, loadAfter);
        System.out.printf("data directory %s (%s on %s)%n", dataDir, store.type(), store.name());
        System.out.printf(
                "service: java -Xmx%s %s-jar %s, camroll.jobs.workers=%d; its users give cloud_processing%n"
                        + "  only, so each original is deleted once its preview exists%n",
                settings.serverHeap(), jvmArgs(), settings.jar().getFileName(), settings.workers());
        System.out.printf(
                "photos: %d timed + %d warm-up JPEGs of %d x %d (%.0f MP), quality 0.9, %.1f MB on average,%n"
                        + "  EXIF orientation 1, 6, 3, 8 in turn%n",
                settings.photos(),
                settings.warmups(),
                settings.photoWidth(),
                settings.photoHeight(),
                settings.megapixels(),
                photoBytes / 1e6 / settings.photos());
        System.out.printf(
                "bare loop: a JVM of its own (java -Xmx%s%s), the files from disk; per file MetadataReader.read,%n"
                        + "  ImageDecoder.decode with Picture.madeBy on the decode pool (header check, subsampled decode, turned and%n"
                        + "  scaled in one draw, 1280 and 320 px JPEGs, dHash, sharpness, brightness, colourfulness, warmth); each%n"
                        + "  thread takes the next file%n",
                settings.serverHeap(),
                jvmArgs().isEmpty() ? "" : " " + jvmArgs().strip());
        System.out.printf(
                "queue: timed by jobs.finished_at from the end of job number %d (as many as warm-up photos) to%n"
                        + "  the last; per photo the claim, consent, the same analysis on the store's file, preview and%n"
                        + "  thumbnail stored, the media update and batch settlement, the original deleted, the job recorded%n",
                settings.warmups());
        System.out.println();
        report(bareBefore, bareAfter, queue, settling).print(System.out);
        for (String failure : failures) {
            System.out.println("FAILED " + failure);
        }
        return failures.isEmpty() ? 0 : 1;
    }

    // ------------------------------------------------------------------ files

    private List<BenchmarkFile> photos(Path dir) throws Exception {
        return phonePhotos(dir, settings.warmups(), settings.photos(), settings.photoWidth(), settings.photoHeight());
    }

    /**
     * {@code warmups} photos ({@code WARM_0001.JPG}...), then {@code photos} timed ones ({@code IMG_0001.JPG}...), each
     * with a phone's EXIF. Up to {@value #DISTINCT_PHOTOS} are different pictures; beyond that, files repeat those
     * pictures with their own EXIF (capture time, orientation), which makes them different content at the same
     * decoding cost. The thumbnails benchmark takes the same photos.
     */
    static List<BenchmarkFile> phonePhotos(Path dir, int warmups, int photos, int width, int height) throws Exception {
        int count = warmups + photos;
        int pictures = Math.min(count, DISTINCT_PHOTOS);
        List<byte[]> jpegs =
                inParallel(pictures, p -> BenchmarkPhotos.jpeg(BenchmarkPhotos.picture(width, height, p), 0.9f));
        return inParallel(count, i -> {
            String name = i < warmups
                    ? String.format("WARM_%04d.JPG", i + 1)
                    : String.format("IMG_%04d.JPG", i - warmups + 1);
            return BenchmarkFile.write(dir.resolve(name), exif(jpegs.get(i % pictures), i), "image/jpeg");
        });
    }

    private List<BenchmarkFile> batchPhotos(Path dir) throws Exception {
        int pictures = BATCH_SIZES.length * PICTURES_PER_SIZE;
        List<byte[]> jpegs = inParallel(pictures, p -> {
            int[] size = BATCH_SIZES[p % BATCH_SIZES.length];
            return BenchmarkPhotos.jpeg(BenchmarkPhotos.picture(size[0], size[1], 1000 + p), 0.9f);
        });
        return inParallel(
                settings.batchPhotos(),
                i -> BenchmarkFile.write(
                        dir.resolve(String.format("B_%04d.JPG", i + 1)),
                        exif(jpegs.get(i % pictures), 1000 + i),
                        "image/jpeg"));
    }

    /** Bombs that claim too many pixels, truncated JPEGs, and garbage behind a JPEG header: three of each. */
    private static List<BadFile> badFiles(Path dir, BenchmarkFile photo) throws IOException {
        byte[] full = Files.readAllBytes(photo.path());
        List<BadFile> bad = new ArrayList<>();
        int[][] pngClaims = {{30000, 30000}, {65535, 65535}, {20000, 10000}};
        for (int[] claim : pngClaims) {
            bad.add(new BadFile(
                    BenchmarkFile.write(
                            dir.resolve("BAD_png-bomb-" + claim[0] + "x" + claim[1] + ".PNG"),
                            BenchmarkPhotos.pngClaiming(claim[0], claim[1]),
                            "image/png"),
                    "image-too-large"));
        }
        int[][] jpegClaims = {{65535, 65535}, {30000, 30000}, {12000, 9000}};
        for (int[] claim : jpegClaims) {
            bad.add(new BadFile(
                    BenchmarkFile.write(
                            dir.resolve("BAD_jpeg-bomb-" + claim[0] + "x" + claim[1] + ".JPG"),
                            BenchmarkPhotos.jpegClaiming(claim[0], claim[1]),
                            "image/jpeg"),
                    "image-too-large"));
        }
        for (int percent : new int[] {30, 70, 98}) {
            bad.add(new BadFile(
                    BenchmarkFile.write(
                            dir.resolve("BAD_truncated-at-" + percent + "pc.JPG"),
                            BenchmarkPhotos.truncated(full, percent / 100.0),
                            "image/jpeg"),
                    "undecodable"));
        }
        for (int size : new int[] {2048, 300_000, 3_000_000}) {
            bad.add(new BadFile(
                    BenchmarkFile.write(
                            dir.resolve("BAD_garbage-" + size + ".JPG"),
                            BenchmarkPhotos.garbageJpeg(size, size),
                            "image/jpeg"),
                    "undecodable"));
        }
        return bad;
    }

    /** The good files with the bad ones spread evenly among them. */
    private static List<BenchmarkFile> interleave(List<BenchmarkFile> good, List<BadFile> bad) {
        List<BenchmarkFile> all = new ArrayList<>(good);
        for (int k = 0; k < bad.size(); k++) {
            int at = (int) ((k + 1L) * (good.size() + bad.size()) / (bad.size() + 1));
            all.add(Math.min(at, all.size()), bad.get(k).file());
        }
        return all;
    }

    /** The JPEG with a phone's EXIF: orientation in turn, a capture time one minute apart per file, GPS. */
    private static byte[] exif(byte[] jpeg, int i) {
        String takenAt = EXIF_DATE.format(LocalDateTime.of(2026, 5, 1, 9, 0).plusMinutes(i));
        return BenchmarkPhotos.withExif(jpeg, orientation(i), takenAt, 48.137 + i * 1e-4, 11.575);
    }

    /** The EXIF orientation of photo {@code i} of all (warm-up ones first). */
    static int orientation(int i) {
        return ORIENTATIONS[i % ORIENTATIONS.length];
    }

    private interface Make<T> {
        T make(int i) throws Exception;
    }

    private static <T> List<T> inParallel(int count, Make<T> make) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(Runtime.getRuntime().availableProcessors());
        try {
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                int index = i;
                futures.add(pool.submit(() -> make.make(index)));
            }
            List<T> made = new ArrayList<>();
            for (Future<T> future : futures) {
                made.add(future.get());
            }
            return made;
        } finally {
            pool.shutdownNow();
        }
    }

    // ------------------------------------------------------------------ bare loop

    /** Runs {@link BareLoop} in a JVM of its own, with the service's heap and JVM options, and reads its results. */
    private List<BareRun> bare(Path runDir, List<BenchmarkFile> photos, String threads) throws Exception {
        Path list = runDir.resolve("bare-files.txt");
        Files.write(list, photos.stream().map(file -> file.path().toString()).toList());
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx" + settings.serverHeap());
        command.addAll(settings.serverJvmArgs());
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(BareLoop.class.getName());
        command.add(threads);
        command.add(String.valueOf(settings.warmups()));
        command.add(list.toString());
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        int exit = process.waitFor();
        List<BareRun> runs = new ArrayList<>();
        for (String line : output.split("\n")) {
            if (line.startsWith(BareLoop.RESULT + " ")) {
                Map<String, String> fields = new LinkedHashMap<>();
                for (String field : line.substring(BareLoop.RESULT.length() + 1).split(" ")) {
                    String[] pair = field.split("=", 2);
                    fields.put(pair[0], pair[1]);
                }
                BareRun run = new BareRun(
                        Integer.parseInt(fields.get("threads")),
                        Integer.parseInt(fields.get("files")),
                        Long.parseLong(fields.get("nanos")),
                        Long.parseLong(fields.get("cpuMillis")),
                        Double.parseDouble(fields.get("others")),
                        Double.parseDouble(fields.get("steal")),
                        ThreadCpu.parse(fields.get("threadCpu")));
                runs.add(run);
                progress(
                        "  %d thread(s): %.2f photos/s, CPU %d ms per photo, other processes %.2f cores",
                        run.threads(), run.photosPerSecond(), run.cpuMillis() / run.files(), run.others());
            }
        }
        if (exit != 0 || runs.isEmpty()) {
            failures.add("the bare loop exited with " + exit + ":\n" + output.strip());
        }
        return runs;
    }

    // ------------------------------------------------------------------ the service

    private CamrollProcess start(Path dataDir, Path log, boolean workers) throws Exception {
        return CamrollProcess.start(
                settings.jar(),
                dataDir,
                settings.serverHeap(),
                settings.serverJvmArgs(),
                List.of("--camroll.jobs.enabled=" + workers, "--camroll.jobs.workers=" + settings.workers()),
                log);
    }

    /**
     * Uploads every announced file, four at a time, each in one PATCH as an iPhone's background session sends it,
     * and records each that did not complete (a PATCH that ends early is a failure here, not resumed); answers how
     * many completed.
     */
    private int upload(String phase, SyncClient.User user, List<SyncClient.Batch> batches) throws Exception {
        List<SyncClient.Upload> uploads =
                batches.stream().flatMap(batch -> batch.uploads().stream()).toList();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<SyncClient.Patched>> running = new ArrayList<>();
            for (SyncClient.Upload upload : uploads) {
                running.add(pool.submit(() -> user.patch(upload)));
            }
            int completed = 0;
            for (Future<SyncClient.Patched> result : running) {
                SyncClient.Patched patched = result.get();
                if (patched.complete()) {
                    completed++;
                } else {
                    failures.add(
                            phase + ": the PATCH of " + patched.upload().file().name() + " ("
                                    + patched.upload().file().size() + " bytes) answered " + patched.status()
                                    + " with Upload-Offset " + patched.offset()
                                    + (patched.body().isEmpty() ? "" : ": " + patched.body()));
                }
            }
            return completed;
        } finally {
            pool.shutdownNow();
        }
    }

    /** The queue phase's measurements. */
    private record QueueRun(
            double photosPerSecond,
            double backlogPerSecond,
            int processed,
            int jobs,
            long serviceCpuPerPhoto,
            long postgresCpuPerPhoto,
            double others,
            double steal,
            ThreadCpu byThread,
            int photosCounted) {}

    /**
     * Waits until every photo is settled, polling the media table every {@value #POLL_MILLIS} ms, and reads the
     * jobs' finish times. The CPU the service and its PostgreSQL use is read when the warm-up jobs have settled and
     * at the end, so it covers (about) the timed photos.
     */
    private QueueRun queue(CamrollProcess service, Path dataDir, int total) throws Exception {
        long ready = System.nanoTime();
        try (ServiceDatabase db = ServiceDatabase.of(dataDir)) {
            CpuAccount warmAccount = null;
            ThreadCpu warmThreads = null;
            long warmService = 0;
            long warmPostgres = 0;
            int warmSettled = 0;
            int settled = 0;
            long deadline = ready + SETTLE_TIMEOUT.toNanos();
            while (settled < total && System.nanoTime() < deadline) {
                Thread.sleep(POLL_MILLIS);
                settled = db.settled(QUEUE_USER);
                if (warmAccount == null && settled >= settings.warmups()) {
                    warmAccount = CpuAccount.now(service);
                    warmThreads = ThreadCpu.of(service.pid());
                    warmService = service.cpuMillis();
                    warmPostgres = service.postgresCpuMillis();
                    warmSettled = settled;
                }
            }
            CpuAccount endAccount = CpuAccount.now(service);
            ThreadCpu byThread = warmThreads == null
                    ? ThreadCpu.parse("workers:0")
                    : ThreadCpu.of(service.pid()).since(warmThreads);
            long serviceCpu = service.cpuMillis() - warmService;
            long postgresCpu = service.postgresCpuMillis() - warmPostgres;
            if (settled < total) {
                failures.add(
                        "queue phase: only " + settled + " of " + total + " photos settled within " + SETTLE_TIMEOUT);
            }
            Map<String, ServiceDatabase.Outcome> outcomes = db.outcomes(QUEUE_USER);
            int processed = 0;
            for (ServiceDatabase.Outcome outcome : outcomes.values()) {
                if ("processed".equals(outcome.state())) {
                    processed++;
                } else {
                    failures.add("queue phase: " + outcome.clientAssetId() + " is " + outcome.state() + " ("
                            + outcome.problemType() + ")");
                }
            }
            List<Instant> finished = db.finishTimes(ANALYZE_MEDIA, QUEUE_USER);
            double rate = 0;
            if (finished.size() == total && total > settings.warmups() && settings.warmups() > 0) {
                Duration timed = Duration.between(finished.get(settings.warmups() - 1), finished.get(total - 1));
                rate = (total - settings.warmups()) / (timed.toNanos() / 1e9);
            } else {
                failures.add("queue phase: " + finished.size() + " finished analyze-media jobs, expected " + total);
            }
            double backlog = finished.isEmpty()
                    ? 0
                    : finished.size()
                            / (Duration.between(workersStarted(service), finished.get(finished.size() - 1))
                                            .toNanos()
                                    / 1e9);
            int counted = Math.max(1, settled - warmSettled);
            progress(
                    "  %.2f photos/s after the warm-up; CPU per photo: service %d ms, PostgreSQL %d ms",
                    rate, serviceCpu / counted, postgresCpu / counted);
            return new QueueRun(
                    rate,
                    backlog,
                    processed,
                    finished.size(),
                    serviceCpu / counted,
                    postgresCpu / counted,
                    warmAccount == null ? 0 : endAccount.othersSince(warmAccount),
                    warmAccount == null ? 0 : endAccount.stealSince(warmAccount),
                    byThread,
                    counted);
        }
    }

    /** Uploads the settling phase's photos and bad files with the workers off, then lets the queue settle them. */
    private Settling settlingPhase(Path runDir, Path dataDir, Path log, BenchmarkFile photo) throws Exception {
        progress("generating %d photos of 1 to 12 MP and the hostile and broken files", settings.batchPhotos());
        Path batchDir = Files.createDirectories(runDir.resolve("batch"));
        List<BenchmarkFile> good = batchPhotos(batchDir);
        List<BadFile> bad = badFiles(batchDir, photo);
        List<BenchmarkFile> batchFiles = interleave(good, bad);

        progress("uploading %d files with the job workers off", batchFiles.size());
        List<Integer> manifestSizes = new ArrayList<>();
        List<String> batchIds = new ArrayList<>();
        int uploaded;
        try (CamrollProcess service = start(dataDir, log, false)) {
            SyncClient client = new SyncClient(service);
            SyncClient.User user = client.user(BATCH_USER, "cloud_processing");
            int perBatch = user.maxItemsPerBatch();
            List<SyncClient.Batch> batches = new ArrayList<>();
            for (int from = 0; from < batchFiles.size(); from += perBatch) {
                List<BenchmarkFile> lines = batchFiles.subList(from, Math.min(batchFiles.size(), from + perBatch));
                batches.add(user.announceBatch(lines));
                batchIds.add(batches.get(batches.size() - 1).batchId());
                manifestSizes.add(lines.size());
            }
            uploaded = upload("settling phase", user, batches);
        }
        progress(
                "restarting with %d job workers at -Xmx%s: the queue settles them",
                settings.workers(), settings.serverHeap());
        try (CamrollProcess service = start(dataDir, log, true)) {
            return settle(service, dataDir, log, good, bad, uploaded, manifestSizes, batchIds);
        }
    }

    /** The settling phase's outcome. */
    private record Settling(
            int goodProcessed,
            int good,
            int badFailed,
            int bad,
            Map<String, Integer> failedByProblem,
            boolean exactlyTheBadOnes,
            double seconds,
            Map<String, Integer> analyzeJobs,
            Map<String, Integer> suggestionJobs,
            List<String> batchStates,
            List<Integer> manifestSizes,
            HeapMetrics before,
            HeapMetrics after,
            MemoryWatch.Peaks peaks,
            long peakRss,
            long outOfMemoryLines,
            long serviceCpuPerFile,
            long postgresCpuPerFile) {}

    /** Waits until every file of the batches is settled while the memory is watched, then checks each outcome. */
    private Settling settle(
            CamrollProcess service,
            Path dataDir,
            Path log,
            List<BenchmarkFile> good,
            List<BadFile> bad,
            int uploaded,
            List<Integer> manifestSizes,
            List<String> batchIds)
            throws Exception {
        long ready = System.nanoTime();
        SyncClient client = new SyncClient(service);
        String admin = client.token("bench-admin", "admin");
        HeapMetrics before = HeapMetrics.parse(client.prometheus(admin));
        int total = good.size() + bad.size();
        int settled = 0;
        MemoryWatch.Peaks peaks;
        try (ServiceDatabase db = ServiceDatabase.of(dataDir)) {
            int settledAtStart = db.settled(BATCH_USER);
            long serviceCpuAtStart = service.cpuMillis();
            long postgresCpuAtStart = service.postgresCpuMillis();
            try (MemoryWatch watch = new MemoryWatch(service, client, admin)) {
                long deadline = ready + SETTLE_TIMEOUT.toNanos();
                int shown = 0;
                // Only the files whose upload completed become media; a failed upload is already a failure.
                while (settled < uploaded && System.nanoTime() < deadline && service.isAlive()) {
                    Thread.sleep(POLL_MILLIS);
                    settled = db.settled(BATCH_USER);
                    if (settled - shown >= 100) {
                        progress("  %d of %d settled", settled, total);
                        shown = settled;
                    }
                }
                peaks = watch.peaks();
            }
            int counted = Math.max(1, settled - settledAtStart);
            long serviceCpuPerFile = (service.cpuMillis() - serviceCpuAtStart) / counted;
            long postgresCpuPerFile = (service.postgresCpuMillis() - postgresCpuAtStart) / counted;
            List<Instant> finished = db.finishTimes(ANALYZE_MEDIA, BATCH_USER);
            double seconds = finished.isEmpty()
                    ? 0
                    : Duration.between(workersStarted(service), finished.get(finished.size() - 1))
                                    .toNanos()
                            / 1e9;
            if (settled < uploaded) {
                failures.add("settling phase: only " + settled + " of " + uploaded + " stored files settled"
                        + (service.isAlive() ? " within " + SETTLE_TIMEOUT : "; the service died"));
            }
            HeapMetrics after = HeapMetrics.parse(client.prometheus(admin));
            Map<String, ServiceDatabase.Outcome> outcomes = db.outcomes(BATCH_USER);
            int goodProcessed = 0;
            for (BenchmarkFile file : good) {
                ServiceDatabase.Outcome outcome = outcomes.get(file.name());
                if (outcome != null && "processed".equals(outcome.state())) {
                    goodProcessed++;
                } else {
                    failures.add("settling phase: the good photo " + file.name() + " is "
                            + (outcome == null ? "missing" : outcome.state() + " (" + outcome.problemType() + ")"));
                }
            }
            int badFailed = 0;
            for (BadFile file : bad) {
                ServiceDatabase.Outcome outcome = outcomes.get(file.file().name());
                if (outcome != null
                        && "failed".equals(outcome.state())
                        && file.expectedProblem().equals(outcome.problemType())) {
                    badFailed++;
                } else {
                    failures.add("settling phase: " + file.file().name() + " should fail as " + file.expectedProblem()
                            + " but is "
                            + (outcome == null ? "missing" : outcome.state() + " (" + outcome.problemType() + ")"));
                }
            }
            Map<String, Integer> failedByProblem = new TreeMap<>(outcomes.values().stream()
                    .filter(outcome -> "failed".equals(outcome.state()))
                    .collect(Collectors.groupingBy(
                            outcome -> String.valueOf(outcome.problemType()), Collectors.summingInt(outcome -> 1))));
            Map<String, Integer> analyzeJobs = db.jobStates(ANALYZE_MEDIA, BATCH_USER);
            Map<String, Integer> suggestionJobs = db.jobStates(BUILD_SUGGESTIONS, BATCH_USER);
            if (analyzeJobs.getOrDefault("done", 0) != total) {
                failures.add("settling phase: analyze-media jobs " + analyzeJobs + ", expected " + total + " done");
            }
            // Queued when a batch settles (at most one pending per user); it may have run by now, even twice if the
            // first batch settled before the second.
            if (suggestionJobs.getOrDefault("dead", 0) > 0
                    || suggestionJobs.values().stream().mapToInt(n -> n).sum() < 1) {
                failures.add("settling phase: build-suggestions jobs " + suggestionJobs + ", expected at least one, "
                        + "none dead");
            }
            List<String> batchStates = new ArrayList<>();
            SyncClient.User user = client.existingUser(BATCH_USER);
            for (String batchId : batchIds) {
                batchStates.add(user.batchState(batchId));
            }
            if (!batchStates.stream().allMatch("complete"::equals)) {
                failures.add("settling phase: batch states " + batchStates + ", expected all complete");
            }
            try (var lines = Files.lines(log)) {
                long outOfMemory =
                        lines.filter(line -> line.contains("OutOfMemoryError")).count();
                boolean exactly = goodProcessed == good.size() && badFailed == bad.size();
                return new Settling(
                        goodProcessed,
                        good.size(),
                        badFailed,
                        bad.size(),
                        failedByProblem,
                        exactly,
                        seconds,
                        analyzeJobs,
                        suggestionJobs,
                        batchStates,
                        manifestSizes,
                        before,
                        after,
                        peaks,
                        service.peakRss(),
                        outOfMemory,
                        serviceCpuPerFile,
                        postgresCpuPerFile);
            }
        }
    }

    /** When the service's job workers started, from its log ("Job workers {pid}@... started"). */
    private static Instant workersStarted(CamrollProcess service) throws IOException {
        String marker = "Job workers " + service.pid() + "@";
        try (var lines = Files.lines(service.log())) {
            return lines.filter(line -> line.contains(marker) && line.contains(" started"))
                    .map(line -> Instant.parse(line.substring(0, line.indexOf(' '))))
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException("no '" + marker + "... started' in " + service.log()));
        }
    }

    // ------------------------------------------------------------------ the table

    private ResultTable report(List<BareRun> before, List<BareRun> after, QueueRun queue, Settling settling) {
        BareRun parallelBefore = runWith(before, settings.workers());
        BareRun single = runWith(before, 1);
        BareRun parallelAfter = runWith(after, settings.workers());
        double bareRate = (rate(parallelBefore) + rate(parallelAfter)) / (parallelAfter == null ? 1 : 2);
        double ratio = bareRate == 0 ? 0 : queue.photosPerSecond() / bareRate;
        String workers = settings.workers() + (settings.workers() == 1 ? " thread" : " threads");
        double[] loads = {
            parallelBefore == null ? 0 : parallelBefore.others(),
            queue.others(),
            parallelAfter == null ? 0 : parallelAfter.others()
        };
        double spread = Arrays.stream(loads).max().orElse(0)
                - Arrays.stream(loads).min().orElse(0);
        ResultTable table = new ResultTable()
                .section(String.format(
                        Locale.ROOT,
                        "%.0f MP photos per second (%d photos; CPU per photo, the queue's: service"
                                + "+PostgreSQL; other processes' CPU meanwhile)",
                        settings.megapixels(),
                        settings.photos()))
                .row("bare loop, 1 thread", photos(single), "photos/s", cpu(single), others(single))
                .row(
                        "bare loop, " + workers + ", before the queue",
                        photos(parallelBefore),
                        "photos/s",
                        cpu(parallelBefore),
                        others(parallelBefore))
                .row(
                        "bare loop, " + workers + ", after the queue",
                        photos(parallelAfter),
                        "photos/s",
                        cpu(parallelAfter),
                        others(parallelAfter))
                .row(
                        "whole queue, " + settings.workers() + " job workers",
                        format(queue.photosPerSecond()),
                        "photos/s",
                        String.format(Locale.ROOT, "%d+%d ms", queue.serviceCpuPerPhoto(), queue.postgresCpuPerPhoto()),
                        String.format(Locale.ROOT, "%.2f cores", queue.others()))
                .row(
                        "queue / bare (" + workers + ", mean of both)",
                        String.format(Locale.ROOT, "%.1f", ratio * 100),
                        "%",
                        "",
                        "target >= 80 %",
                        ratio >= QUEUE_TARGET ? "PASS" : "MISS")
                .row(
                        "other processes' load, spread over the three",
                        format(spread),
                        "cores",
                        "",
                        spread < NOISE_LIMIT ? "below 0.25" : "0.25 or more",
                        spread < NOISE_LIMIT ? "steady" : "NOISY")
                .row(
                        "whole backlog incl. warm-up, from the workers' start",
                        format(queue.backlogPerSecond()),
                        "photos/s")
                .row("photos processed", queue.processed() + "/" + (settings.photos() + settings.warmups()), "")
                .section(
                        "CPU per photo by thread, ms: job workers (bare loop threads) + decode pool + JIT + GC + other")
                .row("whole queue: the service", queue.byThread().perPhoto(queue.photosCounted()), "")
                .row(
                        "bare loop, " + workers + ", after the queue",
                        parallelAfter == null ? "-" : parallelAfter.byThread().perPhoto(parallelAfter.files()),
                        "");
        if (settling == null) {
            return table;
        }
        table.section(String.format(
                        Locale.ROOT,
                        "Settling: %d photos of 1 to 12 MP + %d bombs and broken files, -Xmx%s, " + "%d job workers",
                        settling.good(),
                        settling.bad(),
                        settings.serverHeap(),
                        settings.workers()))
                .row(
                        "manifests (at most maxItemsPerBatch lines each)",
                        settling.manifestSizes().stream().map(String::valueOf).collect(Collectors.joining(" + ")),
                        "lines")
                .row("good photos processed", settling.goodProcessed() + "/" + settling.good(), "")
                .row(
                        "bad files failed as expected",
                        settling.badFailed() + "/" + settling.bad(),
                        "",
                        settling.failedByProblem().toString())
                .row(
                        "analyze-media jobs, by state",
                        String.valueOf(jobs(settling.analyzeJobs())),
                        "",
                        settling.analyzeJobs().toString())
                .row(
                        "batches complete (GET /v1/devices/{id}/batches/{batchId})",
                        String.valueOf(settling.batchStates().stream()
                                .filter("complete"::equals)
                                .count()),
                        "/" + settling.batchStates().size(),
                        settling.batchStates().toString())
                .row(
                        "build-suggestions jobs for the user",
                        String.valueOf(settling.suggestionJobs().values().stream()
                                .mapToInt(n -> n)
                                .sum()),
                        "",
                        settling.suggestionJobs().toString())
                .row(
                        "wall time, workers started to last job finished",
                        String.format(Locale.ROOT, "%.1f", settling.seconds()),
                        "s",
                        String.format(
                                Locale.ROOT, "%.1f files/s", (settling.good() + settling.bad()) / settling.seconds()))
                .row(
                        "CPU per file while settling: service + PostgreSQL",
                        settling.serviceCpuPerFile() + " + " + settling.postgresCpuPerFile(),
                        "ms")
                .row("heap max", mib(settling.before().max()), "MiB")
                .row(
                        "heap used, peak (sampled every 250 ms)",
                        mib(settling.peaks().heapUsed()),
                        "MiB")
                .row(
                        String.format(
                                Locale.ROOT,
                                "GC pauses while settling (%.0f ms in all)",
                                (settling.after().gcSeconds()
                                                - settling.before().gcSeconds())
                                        * 1000),
                        String.valueOf(
                                settling.after().gcPauses() - settling.before().gcPauses()),
                        "")
                .row("peak RSS of the service's life (VmHWM)", mib(settling.peakRss()), "MiB")
                .row("OutOfMemoryError in the service's log", String.valueOf(settling.outOfMemoryLines()), "lines")
                .row(
                        "settled with only the bad ones failed",
                        settling.exactlyTheBadOnes() ? "yes" : "no",
                        "",
                        "",
                        "target: yes",
                        settling.exactlyTheBadOnes() ? "PASS" : "MISS");
        return table;
    }

    /** All jobs of a {@link ServiceDatabase#jobStates} answer (which also counts those with more than one attempt). */
    private static int jobs(Map<String, Integer> states) {
        return states.entrySet().stream()
                .filter(e -> !e.getKey().equals("attempts>1"))
                .mapToInt(Map.Entry::getValue)
                .sum();
    }

    private static BareRun runWith(List<BareRun> runs, int threads) {
        return runs.stream().filter(run -> run.threads() == threads).findFirst().orElse(null);
    }

    private static double rate(BareRun run) {
        return run == null ? 0 : run.photosPerSecond();
    }

    private static String photos(BareRun run) {
        return run == null ? "-" : format(run.photosPerSecond());
    }

    private static String cpu(BareRun run) {
        return run == null ? "" : run.cpuMillis() / run.files() + " ms";
    }

    private static String others(BareRun run) {
        return run == null ? "" : String.format(Locale.ROOT, "%.2f cores", run.others());
    }

    private static String format(double value) {
        return String.format(Locale.ROOT, "%.2f", value);
    }

    private static String mib(long bytes) {
        return String.valueOf(Math.round(bytes / (double) BenchmarkSettings.MIB));
    }

    private String jvmArgs() {
        return settings.serverJvmArgs().isEmpty() ? "" : String.join(" ", settings.serverJvmArgs()) + " ";
    }

    static {
        // Generated pictures are drawn off-screen; no display is needed or wanted.
        System.setProperty("java.awt.headless", "true");
    }
}
