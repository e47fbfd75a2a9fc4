package dev.camroll.benchmark;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static dev.camroll.benchmark.Benchmarks.MINUTE;
import static dev.camroll.benchmark.Benchmarks.loadAverage;
import static dev.camroll.benchmark.Benchmarks.progress;

/**
 * The thumbnail benchmark of issue 16: camroll's upload-to-processed rate for 12 MP JPEGs against libvips'
 * {@code vipsthumbnail} making the same preview and thumbnail of the same files, both with every core, and the
 * previews' quality against a full decode and an exact resize. In one run:
 * <ol>
 * <li>vips: a 1280 px preview and a 320 px thumbnail of every photo ({@link VipsThumbnails});</li>
 * <li>the stream: the packaged service with its job workers on, the photos announced in a manifest and uploaded
 * four {@code PATCH}es at a time, timed from the first {@code PATCH} to the last analysis job's
 * {@code finished_at};</li>
 * <li>the previews of a sample of photos, from {@code GET /v1/media/{id}/preview};</li>
 * <li>the backlog (optional): the same photos uploaded as another user with the workers off, then analysed by the
 * restarted service, timed by the queue's clock as the analysis benchmark does;</li>
 * <li>vips again, so a load that came or went shows: the ratio is against the mean of both vips rates;</li>
 * <li>the sample's previews, camroll's and vips', each compared by SSIM with the reference of its size.</li>
 * </ol>
 * It prints a table and exits non-zero when an outcome is wrong (an upload refused, a photo not processed, vips
 * failing, a preview turned the wrong way); a missed target is printed as {@code MISS}. Without
 * {@code vipsthumbnail} it prints {@code SKIPPED} with the package to install.
 */
public final class ThumbnailBenchmark {

    /** camroll's upload-to-processed rate at least 1.2 times vips'. */
    static final double RATE_TARGET = 1.2;

    /** camroll's mean SSIM no more than this below vips' (both against the same reference): not a worse preview. */
    static final double SSIM_MARGIN = 0.005;

    /** What the service makes (dev.camroll.media.internal.MediaAnalysisSettings' defaults). */
    static final int PREVIEW_SIZE = 1280;

    static final int THUMBNAIL_SIZE = 320;

    /** camroll's JPEG quality 0.85 is IJG quality 85 (the JDK's writer scales the same tables), as vips' Q is. */
    static final int JPEG_QUALITY = 85;

    private static final String STREAM_USER = "bench-stream";

    private static final String BACKLOG_USER = "bench-backlog";

    private static final int UPLOADS_AT_ONCE = 4;

    private static final Duration SETTLE_TIMEOUT = Duration.ofMinutes(15);

    private static final long POLL_MILLIS = 100;

    private final ThumbnailSettings settings;

    private final List<String> failures = new ArrayList<>();

    private ThumbnailBenchmark(ThumbnailSettings settings) {
        this.settings = settings;
    }

    public static void main(String[] args) throws Exception {
        System.exit(run(ThumbnailSettings.fromSystemProperties()));
    }

    static int run(ThumbnailSettings settings) throws Exception {
        String version = VipsThumbnails.version();
        if (version == null) {
            System.out.println("SKIPPED thumbnails: " + VipsThumbnails.COMMAND + " is not installed; install it with: "
                    + VipsThumbnails.INSTALL);
            return 0;
        }
        return new ThumbnailBenchmark(settings).run(version);
    }

    private int run(String vipsVersion) throws Exception {
        return Benchmarks.inRunDirectory(
                settings.workRoot(), "thumbnail-benchmark-", settings.keep(), runDir -> measure(runDir, vipsVersion));
    }

    /** The service's upload-to-processed measurements: rate, CPU per photo, others' load. */
    private record ServiceRun(
            double photosPerSecond, long serviceCpuPerPhoto, long postgresCpuPerPhoto, double others) {}

    private int measure(Path runDir, String vipsVersion) throws Exception {
        Path dataDir = Files.createDirectories(runDir.resolve("data"));
        Path log = runDir.resolve("service.log");
        String started = MINUTE.format(Instant.now());
        double loadBefore = loadAverage();

        progress(
                "generating %d + %d warm-up photos of %d x %d",
                settings.photos(), settings.warmups(), settings.photoWidth(), settings.photoHeight());
        List<BenchmarkFile> all = AnalysisBenchmark.phonePhotos(
                Files.createDirectories(runDir.resolve("photos")),
                settings.warmups(),
                settings.photos(),
                settings.photoWidth(),
                settings.photoHeight());
        List<BenchmarkFile> warmups = all.subList(0, settings.warmups());
        List<BenchmarkFile> timed = all.subList(settings.warmups(), all.size());
        long photoBytes = timed.stream().mapToLong(BenchmarkFile::size).sum();

        VipsThumbnails vips = new VipsThumbnails(settings.vipsProcesses(), PREVIEW_SIZE, THUMBNAIL_SIZE, JPEG_QUALITY);
        Path vipsOut = runDir.resolve("vips");
        if (!warmups.isEmpty()) {
            vips(vips, warmups, runDir.resolve("vips-warmup"), "vips warm-up");
        }
        progress("vips: %d processes", settings.vipsProcesses());
        VipsThumbnails.Run vipsBefore = vips(vips, timed, vipsOut, "vips");

        progress("the stream: uploads with %d job workers on, timed to the last processed", settings.workers());
        List<BenchmarkFile> sample = timed.subList(0, Math.min(settings.qualitySample(), timed.size()));
        Path camrollOut = Files.createDirectories(runDir.resolve("camroll"));
        ServiceRun stream;
        try (CamrollProcess service = start(dataDir, log, true)) {
            stream = stream(service, dataDir, warmups, timed, sample, camrollOut);
        }

        ServiceRun backlog = null;
        if (settings.backlog()) {
            progress("the backlog: uploads with the job workers off");
            int uploaded;
            try (CamrollProcess service = start(dataDir, log, false)) {
                SyncClient.User user = new SyncClient(service).user(BACKLOG_USER, "cloud_processing");
                uploaded = upload("backlog", user, announce(user, all), null);
            }
            progress("restarting with %d job workers: the queue analyses them", settings.workers());
            try (CamrollProcess service = start(dataDir, log, true)) {
                backlog = backlog(service, dataDir, uploaded);
            }
        }

        progress("vips again");
        VipsThumbnails.Run vipsAfter = vips(vips, timed, runDir.resolve("vips-again"), "vips again");
        double loadAfter = loadAverage();

        progress("comparing %d previews with a full decode and an exact resize", sample.size());
        Quality quality = quality(sample, camrollOut, vipsOut);

        System.out.println();
        System.out.printf(
                "camroll thumbnail benchmark, %s, %d cores, load average %.2f before / %.2f after%n",
                started, Runtime.getRuntime().availableProcessors(), loadBefore, loadAfter);
        System.out.printf(
                "photos: %d timed + %d warm-up JPEGs of %d x %d (%.0f MP), quality 0.9, %.1f MB on average,%n"
                        + "  EXIF orientation 1, 6, 3, 8 in turn%n",
                settings.photos(),
                settings.warmups(),
                settings.photoWidth(),
                settings.photoHeight(),
                settings.megapixels(),
                photoBytes / 1e6 / Math.max(1, settings.photos()));
        System.out.printf(
                "vips (%s): %d processes, each on one file in %d: %s%n",
                vipsVersion, settings.vipsProcesses(), settings.vipsProcesses(), vips.describe(vipsOut));
        System.out.printf(
                "service: java -Xmx%s %s-jar %s, camroll.jobs.workers=%d; users give cloud_processing only%n"
                        + "  (each original deleted once its preview exists); stream: manifests, then %d PATCHes at a time,%n"
                        + "  timed from the first PATCH to the last analyze-media job's finished_at%n",
                settings.serverHeap(), jvmArgs(), settings.jar().getFileName(), settings.workers(), UPLOADS_AT_ONCE);
        System.out.println();
        report(vipsBefore, vipsAfter, stream, backlog, quality).print(System.out);
        for (String failure : failures) {
            System.out.println("FAILED " + failure);
        }
        return failures.isEmpty() ? 0 : 1;
    }

    // ------------------------------------------------------------------ files

    // ------------------------------------------------------------------ vips

    private VipsThumbnails.Run vips(VipsThumbnails vips, List<BenchmarkFile> files, Path out, String phase)
            throws Exception {
        VipsThumbnails.Run run = vips.run(files, out);
        for (String failure : run.failures()) {
            failures.add(phase + ": " + failure);
        }
        progress(
                "  %s: %.2f photos/s, CPU %d ms per photo, other processes %.2f cores",
                phase, run.photosPerSecond(), run.cpuMillis() / Math.max(1, run.files()), run.others());
        return run;
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
     * The warm-up photos uploaded and processed first; then the timed ones announced, uploaded, and waited for
     * until every one is settled. The clock runs from the first timed {@code PATCH} to the last analysis job's
     * {@code finished_at} (the database's clock, the same machine's); the CPU from the first {@code PATCH} to the
     * end of the wait. Then the sample's previews are fetched as the app fetches them.
     */
    private ServiceRun stream(
            CamrollProcess service,
            Path dataDir,
            List<BenchmarkFile> warmups,
            List<BenchmarkFile> timed,
            List<BenchmarkFile> sample,
            Path camrollOut)
            throws Exception {
        SyncClient client = new SyncClient(service);
        SyncClient.User user = client.user(STREAM_USER, "cloud_processing");
        try (ServiceDatabase db = ServiceDatabase.of(dataDir)) {
            if (!warmups.isEmpty()) {
                int uploaded = upload("stream warm-up", user, announce(user, warmups), null);
                await(db, STREAM_USER, uploaded, "stream warm-up");
            }
            List<SyncClient.Upload> uploads = announce(user, timed);
            CpuAccount before = CpuAccount.now(service);
            long serviceBefore = service.cpuMillis();
            long postgresBefore = service.postgresCpuMillis();
            Instant[] firstPatch = new Instant[1];
            int uploaded = upload("stream", user, uploads, firstPatch);
            int settled = await(db, STREAM_USER, warmups.size() + uploaded, "stream");
            CpuAccount after = CpuAccount.now(service);
            long serviceCpu = service.cpuMillis() - serviceBefore;
            long postgresCpu = service.postgresCpuMillis() - postgresBefore;
            checkProcessed(db, STREAM_USER, "stream");
            List<Instant> finished = db.finishTimes(AnalysisBenchmark.ANALYZE_MEDIA, STREAM_USER);
            double rate = 0;
            if (firstPatch[0] != null && !finished.isEmpty() && settled == warmups.size() + timed.size()) {
                Duration took = Duration.between(firstPatch[0], finished.get(finished.size() - 1));
                rate = timed.size() / (took.toNanos() / 1e9);
            } else {
                failures.add("stream: " + settled + " of " + (warmups.size() + timed.size()) + " photos settled");
            }
            int counted = Math.max(1, timed.size());
            progress(
                    "  %.2f photos/s upload-to-processed; CPU per photo: service %d ms, PostgreSQL %d ms",
                    rate, serviceCpu / counted, postgresCpu / counted);
            fetchPreviews(client, service, uploads, sample, camrollOut);
            return new ServiceRun(rate, serviceCpu / counted, postgresCpu / counted, after.othersSince(before));
        }
    }

    /**
     * The backlog: the service restarted with its workers on, every photo of the user waiting. Timed by the queue's
     * clock from the finish of the last warm-up job (the first {@code warmups} jobs) to the last.
     */
    private ServiceRun backlog(CamrollProcess service, Path dataDir, int total) throws Exception {
        try (ServiceDatabase db = ServiceDatabase.of(dataDir)) {
            CpuAccount warm = null;
            long serviceWarm = 0;
            long postgresWarm = 0;
            int settledWarm = 0;
            int settled = 0;
            long deadline = System.nanoTime() + SETTLE_TIMEOUT.toNanos();
            while (settled < total && System.nanoTime() < deadline && service.isAlive()) {
                Thread.sleep(POLL_MILLIS);
                settled = db.settled(BACKLOG_USER);
                if (warm == null && settled >= settings.warmups()) {
                    warm = CpuAccount.now(service);
                    serviceWarm = service.cpuMillis();
                    postgresWarm = service.postgresCpuMillis();
                    settledWarm = settled;
                }
            }
            CpuAccount end = CpuAccount.now(service);
            long serviceCpu = service.cpuMillis() - serviceWarm;
            long postgresCpu = service.postgresCpuMillis() - postgresWarm;
            if (settled < total) {
                failures.add("backlog: only " + settled + " of " + total + " photos settled within " + SETTLE_TIMEOUT);
            }
            checkProcessed(db, BACKLOG_USER, "backlog");
            List<Instant> finished = db.finishTimes(AnalysisBenchmark.ANALYZE_MEDIA, BACKLOG_USER);
            double rate = 0;
            int warmups = settings.warmups();
            // Without warm-up photos, the first job's finish starts the clock.
            int from = Math.max(1, warmups);
            if (finished.size() == total && total > from) {
                Duration took = Duration.between(finished.get(from - 1), finished.get(total - 1));
                rate = (total - from) / (took.toNanos() / 1e9);
            } else {
                failures.add("backlog: " + finished.size() + " finished analyze-media jobs, expected " + total);
            }
            int counted = Math.max(1, settled - settledWarm);
            progress(
                    "  %.2f photos/s after the warm-up; CPU per photo: service %d ms, PostgreSQL %d ms",
                    rate, serviceCpu / counted, postgresCpu / counted);
            return new ServiceRun(
                    rate, serviceCpu / counted, postgresCpu / counted, warm == null ? 0 : end.othersSince(warm));
        }
    }

    /**
     * Uploads every announced file, {@value #UPLOADS_AT_ONCE} at a time, each in one {@code PATCH}, and records each
     * that did not complete; answers how many completed. {@code firstPatch}, when given, gets the time the first
     * {@code PATCH} was sent.
     */
    private int upload(String phase, SyncClient.User user, List<SyncClient.Upload> uploads, Instant[] firstPatch)
            throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(UPLOADS_AT_ONCE);
        try {
            if (firstPatch != null) {
                firstPatch[0] = Instant.now();
            }
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
                            phase + ": the PATCH of " + patched.upload().file().name() + " answered "
                                    + patched.status() + " with Upload-Offset " + patched.offset()
                                    + (patched.body().isEmpty() ? "" : ": " + patched.body()));
                }
            }
            return completed;
        } finally {
            pool.shutdownNow();
        }
    }

    /** The files announced in as many manifests as the sync policy's {@code maxItemsPerBatch} asks. */
    private static List<SyncClient.Upload> announce(SyncClient.User user, List<BenchmarkFile> files) throws Exception {
        int perBatch = user.maxItemsPerBatch();
        List<SyncClient.Upload> uploads = new ArrayList<>();
        for (int from = 0; from < files.size(); from += perBatch) {
            uploads.addAll(user.announce(files.subList(from, Math.min(files.size(), from + perBatch))));
        }
        return uploads;
    }

    /** Waits until {@code total} of the user's media are settled; answers how many are. */
    private int await(ServiceDatabase db, String subject, int total, String phase) throws Exception {
        long deadline = System.nanoTime() + SETTLE_TIMEOUT.toNanos();
        int settled = db.settled(subject);
        while (settled < total && System.nanoTime() < deadline) {
            Thread.sleep(POLL_MILLIS);
            settled = db.settled(subject);
        }
        if (settled < total) {
            failures.add(phase + ": only " + settled + " of " + total + " photos settled within " + SETTLE_TIMEOUT);
        }
        return settled;
    }

    private void checkProcessed(ServiceDatabase db, String subject, String phase) throws Exception {
        for (ServiceDatabase.Outcome outcome : db.outcomes(subject).values()) {
            if (!"processed".equals(outcome.state())) {
                failures.add(phase + ": " + outcome.clientAssetId() + " is " + outcome.state() + " ("
                        + outcome.problemType() + ")");
            }
        }
    }

    /** The sample's previews as the app fetches them ({@code GET /v1/media/{id}/preview}), into {@code out}. */
    private void fetchPreviews(
            SyncClient client,
            CamrollProcess service,
            List<SyncClient.Upload> uploads,
            List<BenchmarkFile> sample,
            Path out)
            throws Exception {
        String token = client.token(STREAM_USER);
        HttpClient http = HttpClient.newHttpClient();
        for (SyncClient.Upload upload : uploads) {
            if (!sample.contains(upload.file())) {
                continue;
            }
            for (String kind : List.of("preview", "thumbnail")) {
                Path file = camrollImage(out, upload.file(), kind);
                HttpRequest request = HttpRequest.newBuilder(
                                service.base().resolve("/v1/media/" + upload.mediaId() + "/" + kind))
                        .timeout(Duration.ofSeconds(30))
                        .header("Authorization", "Bearer " + token)
                        .GET()
                        .build();
                HttpResponse<Path> answer = http.send(request, HttpResponse.BodyHandlers.ofFile(file));
                if (answer.statusCode() != 200) {
                    failures.add(
                            "GET the " + kind + " of " + upload.file().name() + " answered " + answer.statusCode());
                    Files.deleteIfExists(file);
                }
            }
        }
    }

    /** Where camroll's preview or thumbnail of a photo is kept for the comparison. */
    private static Path camrollImage(Path out, BenchmarkFile photo, String kind) {
        return out.resolve(photo.name() + "." + kind + ".jpg");
    }

    // ------------------------------------------------------------------ quality

    /** One preview against its reference: SSIM, and whether it shows the picture the right way up. */
    private record Compared(double ssim, boolean upright, String size) {}

    /** The sample's previews and thumbnails, camroll's and vips', each against the reference of its size. */
    private record Quality(
            List<Compared> camroll, List<Compared> vips, List<Compared> camrollThumbs, List<Compared> vipsThumbs) {}

    private Quality quality(List<BenchmarkFile> sample, Path camrollOut, Path vipsOut) throws Exception {
        Quality quality = new Quality(new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        for (BenchmarkFile photo : sample) {
            int index = settings.warmups() + Integer.parseInt(photo.name().replaceAll("\\D", "")) - 1;
            PreviewQuality.Luma upright =
                    PreviewQuality.Luma.read(photo.path()).upright(AnalysisBenchmark.orientation(index));
            add(quality.camroll(), compare(upright, camrollImage(camrollOut, photo, "preview"), PREVIEW_SIZE, photo));
            add(quality.vips(), compare(upright, VipsThumbnails.preview(vipsOut, photo), PREVIEW_SIZE, photo));
            add(
                    quality.camrollThumbs(),
                    compare(upright, camrollImage(camrollOut, photo, "thumbnail"), THUMBNAIL_SIZE, photo));
            add(
                    quality.vipsThumbs(),
                    compare(upright, VipsThumbnails.thumbnail(vipsOut, photo), THUMBNAIL_SIZE, photo));
        }
        return quality;
    }

    private static void add(List<Compared> compared, Compared one) {
        if (one != null) {
            compared.add(one);
        }
    }

    /**
     * A preview or thumbnail against the upright original shrunk to its size; upright when its shape is the upright
     * picture's and it is closer to the reference than to the reference turned half a circle. A camroll image of the
     * wrong shape or turned is a failure; vips' are only counted.
     */
    private Compared compare(PreviewQuality.Luma upright, Path image, int longestSide, BenchmarkFile photo)
            throws IOException {
        if (!Files.isRegularFile(image)) {
            return null;
        }
        boolean ours = !image.getParent().getFileName().toString().startsWith("vips");
        String what = (ours ? "camroll" : "vips") + "'s " + longestSide + " px image of " + photo.name();
        PreviewQuality.Luma candidate = PreviewQuality.Luma.read(image);
        String size = candidate.width() + "x" + candidate.height();
        boolean sameShape = (candidate.width() >= candidate.height()) == (upright.width() >= upright.height())
                && Math.max(candidate.width(), candidate.height()) == longestSide;
        if (!sameShape) {
            if (ours) {
                failures.add(what + " is " + size + ", expected the upright " + upright.width() + "x" + upright.height()
                        + " with its longest side " + longestSide);
            }
            return new Compared(0, false, size);
        }
        PreviewQuality.Luma reference = upright.shrunkTo(candidate.width(), candidate.height());
        double ssim = PreviewQuality.ssim(candidate, reference);
        double turned = PreviewQuality.ssim(candidate, reference.turnedHalf());
        boolean isUpright = ssim > turned;
        if (!isUpright && ours) {
            failures.add(what + " looks turned: SSIM " + format(ssim, 4) + " upright, " + format(turned, 4)
                    + " turned half a circle");
        }
        return new Compared(ssim, isUpright, size);
    }

    // ------------------------------------------------------------------ the table

    private ResultTable report(
            VipsThumbnails.Run vipsBefore,
            VipsThumbnails.Run vipsAfter,
            ServiceRun stream,
            ServiceRun backlog,
            Quality quality) {
        double vipsRate = (vipsBefore.photosPerSecond() + vipsAfter.photosPerSecond()) / 2;
        double ratio = vipsRate == 0 ? 0 : stream.photosPerSecond() / vipsRate;
        ResultTable table = new ResultTable()
                .section(String.format(
                        Locale.ROOT,
                        "%.0f MP photos per second, 1280 px preview + 320 px thumbnail (%d photos; CPU per photo;"
                                + " other processes' CPU meanwhile)",
                        settings.megapixels(),
                        settings.photos()))
                .row(
                        "vips, " + settings.vipsProcesses() + " processes, before",
                        format(vipsBefore.photosPerSecond(), 2),
                        "photos/s",
                        vipsBefore.cpuMillis() / Math.max(1, vipsBefore.files()) + " ms",
                        cores(vipsBefore.others()))
                .row(
                        "vips, " + settings.vipsProcesses() + " processes, after",
                        format(vipsAfter.photosPerSecond(), 2),
                        "photos/s",
                        vipsAfter.cpuMillis() / Math.max(1, vipsAfter.files()) + " ms",
                        cores(vipsAfter.others()))
                .row(
                        "camroll, upload to processed, " + settings.workers() + " job workers",
                        format(stream.photosPerSecond(), 2),
                        "photos/s",
                        stream.serviceCpuPerPhoto() + "+" + stream.postgresCpuPerPhoto() + " ms",
                        cores(stream.others()))
                .row(
                        "camroll / vips (mean of both vips runs)",
                        format(ratio, 2),
                        "",
                        "",
                        "target >= " + RATE_TARGET,
                        ratio >= RATE_TARGET ? "PASS" : "MISS");
        if (backlog != null) {
            double backlogRatio = vipsRate == 0 ? 0 : backlog.photosPerSecond() / vipsRate;
            table.row(
                            "camroll, backlog (uploaded first, then workers on)",
                            format(backlog.photosPerSecond(), 2),
                            "photos/s",
                            backlog.serviceCpuPerPhoto() + "+" + backlog.postgresCpuPerPhoto() + " ms",
                            cores(backlog.others()))
                    .row("backlog / vips", format(backlogRatio, 2), "", "", "for comparison");
        }
        table.section(
                        "Previews and thumbnails against a full decode, turned upright and shrunk by exact area averaging:"
                                + " SSIM on luma")
                .row(
                        "camroll, mean / min",
                        format(mean(quality.camroll()), 4),
                        "",
                        format(min(quality.camroll()), 4),
                        sizes(quality.camroll()))
                .row(
                        "vips, mean / min",
                        format(mean(quality.vips()), 4),
                        "",
                        format(min(quality.vips()), 4),
                        sizes(quality.vips()));
        table.row(
                        "camroll thumbnails, mean / min",
                        format(mean(quality.camrollThumbs()), 4),
                        "",
                        format(min(quality.camrollThumbs()), 4),
                        sizes(quality.camrollThumbs()))
                .row(
                        "vips thumbnails, mean / min",
                        format(mean(quality.vipsThumbs()), 4),
                        "",
                        format(min(quality.vipsThumbs()), 4),
                        sizes(quality.vipsThumbs()));
        double difference = mean(quality.camroll()) - mean(quality.vips());
        boolean samples = !quality.camroll().isEmpty() && !quality.vips().isEmpty();
        int sampled = Math.min(settings.qualitySample(), settings.photos());
        table.row(
                        "camroll - vips, mean SSIM",
                        format(difference, 4),
                        "",
                        "",
                        "target >= -" + SSIM_MARGIN,
                        samples && difference >= -SSIM_MARGIN ? "PASS" : "MISS")
                .row(
                        "previews and thumbnails upright: camroll / vips",
                        (upright(quality.camroll()) + upright(quality.camrollThumbs())) + " / "
                                + (upright(quality.vips()) + upright(quality.vipsThumbs())),
                        "of " + 2 * sampled,
                        "",
                        "target: all camroll's",
                        upright(quality.camroll()) + upright(quality.camrollThumbs()) == 2L * sampled
                                ? "PASS"
                                : "MISS");
        return table;
    }

    private static double mean(List<Compared> compared) {
        return compared.stream().mapToDouble(Compared::ssim).average().orElse(0);
    }

    private static double min(List<Compared> compared) {
        return compared.stream().mapToDouble(Compared::ssim).min().orElse(0);
    }

    private static long upright(List<Compared> compared) {
        return compared.stream().filter(Compared::upright).count();
    }

    private static String sizes(List<Compared> compared) {
        return compared.stream()
                .map(Compared::size)
                .distinct()
                .sorted()
                .toList()
                .toString();
    }

    private static String cores(double value) {
        return String.format(Locale.ROOT, "%.2f cores", value);
    }

    private static String format(double value, int decimals) {
        return String.format(Locale.ROOT, "%." + decimals + "f", value);
    }

    private String jvmArgs() {
        return settings.serverJvmArgs().isEmpty() ? "" : String.join(" ", settings.serverJvmArgs()) + " ";
    }

    static {
        // Generated pictures are drawn off-screen; no display is needed or wanted.
        System.setProperty("java.awt.headless", "true");
    }
}
