package dev.camroll.benchmark;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import dev.camroll.media.BenchmarkPhotos;

import static dev.camroll.benchmark.Benchmarks.MINUTE;
import static dev.camroll.benchmark.Benchmarks.loadAverage;
import static dev.camroll.benchmark.Benchmarks.progress;

/**
 * The photo-sized uploads of issue 16: many 4 MiB files, four at a time, where the fixed cost of each request shows
 * rather than the cost of moving bytes. In one run, with the same files, it takes three paths:
 * <ol>
 * <li>camroll: the packaged service with its job workers off (nothing analyses the files), one user with consent
 * and a registered device, every manifest sent before the timed phase, which is then only the tus PATCHes, one per
 * file with the whole file, each timed until its {@code 204};</li>
 * <li>the raw durable path: read, SHA-256, write a new file into the service's data directory, fsync, per file, in
 * four threads;</li>
 * <li>the official Node.js tus server ({@code scripts/bench/tus-node}), the same PATCHes into upload resources
 * created before the timed phase; skipped, with the command to run once, when it is not installed.</li>
 * </ol>
 * Each path is warmed up first; the timed files are then split into rounds, and each round takes its share through
 * the three paths in a rotated order. It prints a table with the ratios and their targets as {@code PASS} or
 * {@code MISS}, and exits non-zero when an upload did not complete or was not stored as sent.
 */
public final class PhotoBenchmark {

    /** camroll at 0.6 or more of the raw durable path's rate. */
    static final double RAW_TARGET = 0.6;

    /** camroll at least twice the Node.js tus server's rate. */
    static final double NODE_TARGET = 2.0;

    /** The three paths, in the order the first round takes them. */
    private enum Lane {
        CAMROLL("camroll", "camroll: tus PATCH until 204"),
        RAW("raw", "raw durable path: read + SHA-256 + write + fsync"),
        TUS_NODE("node-tus", "Node.js tus server (@tus/server, file store)");

        final String label;

        final String title;

        Lane(String label, String title) {
            this.label = label;
            this.title = title;
        }
    }

    private final PhotoBenchSettings settings;

    private final List<String> failures = new ArrayList<>();

    private PhotoBenchmark(PhotoBenchSettings settings) {
        this.settings = settings;
    }

    public static void main(String[] args) throws Exception {
        System.exit(run(PhotoBenchSettings.fromSystemProperties()));
    }

    static int run(PhotoBenchSettings settings) throws Exception {
        return new PhotoBenchmark(settings).run();
    }

    private int run() throws Exception {
        return Benchmarks.inRunDirectory(settings.workRoot(), "photo-benchmark-", settings.keep(), this::measure);
    }

    private int measure(Path runDir) throws Exception {
        Path dataDir = Files.createDirectories(runDir.resolve("data"));
        String started = MINUTE.format(Instant.now());
        double loadBefore = loadAverage();
        progress("generating %d files of %s that pass as JPEG", settings.photos(), mib(settings.fileSize()));
        List<BenchmarkFile> files = generate(Files.createDirectories(runDir.resolve("files")));
        List<BenchmarkFile> warmups = files.subList(0, settings.warmups());

        Optional<String> nodeMissing = TusNodeServer.missing(settings.tusNode());
        nodeMissing.ifPresent(why -> System.out.println("Node.js tus server SKIPPED: " + why));

        progress("starting the service (-Xmx%s, job workers off) on %s", settings.serverHeap(), dataDir);
        try (CamrollProcess service = CamrollProcess.start(
                        settings.jar(),
                        dataDir,
                        settings.serverHeap(),
                        settings.serverJvmArgs(),
                        List.of("--camroll.jobs.enabled=false"),
                        runDir.resolve("service.log"));
                TusNodeServer node = nodeMissing.isPresent()
                        ? null
                        : TusNodeServer.start(
                                settings.tusNode(), runDir.resolve("tus-node-store"), runDir.resolve("tus-node.log"))) {
            SyncClient client = new SyncClient(service);
            RawDiskPath[] raws = new RawDiskPath[PhotoBenchSettings.AT_ONCE];
            for (int worker = 0; worker < raws.length; worker++) {
                // One per thread: a RawDiskPath names and keeps its copies unsynchronised.
                raws[worker] =
                        new RawDiskPath(dataDir.resolve("raw-durable-path").resolve(String.valueOf(worker)));
            }

            progress("announcing every file before the timed phase (manifests, tus creation)");
            SyncClient.User warmUser = client.user("bench-photos-warmup");
            SyncClient.User user = client.user("bench-photos");
            List<SyncClient.Upload> warmUploads = announce(warmUser, warmups);
            List<SyncClient.Upload> uploads = announce(user, files);
            List<URI> warmNode = node == null ? List.of() : create(node, warmups);
            List<URI> nodeUploads = node == null ? List.of() : create(node, files);

            progress("warming up each path with %d files", warmups.size());
            Lanes warm = new Lanes(service, node, raws);
            warm.take(Lane.CAMROLL, warmUser, warmUploads, 0, warmups.size());
            warm.take(Lane.RAW, null, warmUploads, 0, warmups.size());
            if (node != null) {
                warm.take(Lane.TUS_NODE, null, pair(warmups, warmNode), 0, warmups.size());
            }
            clear(raws);
            checkCamroll("warm-up", warmUser, warm.camrollPatches, dataDir);
            checkNode("warm-up", node, warm.nodePatches);

            List<Lane> lanes = new ArrayList<>(List.of(Lane.values()));
            if (node == null) {
                lanes.remove(Lane.TUS_NODE);
            }
            Lanes timed = new Lanes(service, node, raws);
            List<NodeUpload> nodeTimed = pair(files, nodeUploads);
            CpuAccount before = cpuAccount(service, node);
            for (int round = 0; round < settings.rounds(); round++) {
                int from = round * files.size() / settings.rounds();
                int to = (round + 1) * files.size() / settings.rounds();
                for (int k = 0; k < lanes.size(); k++) {
                    Lane lane = lanes.get((round + k) % lanes.size());
                    Phase phase = timed.take(lane, user, lane == Lane.TUS_NODE ? nodeTimed : uploads, from, to);
                    progress(
                            "  round %d, %s: %d files, %.1f MB/s",
                            round + 1, lane.label, to - from, phase.throughput().mbPerSecond());
                    if (lane == Lane.RAW) {
                        // Kept until the phase ends, as the service keeps its uploads (see RawDiskPath.clear).
                        clear(raws);
                    }
                }
            }
            CpuAccount after = cpuAccount(service, node);
            double loadAfter = loadAverage();

            progress("checking every upload: 204 at the full length, stored media, SHA-256 of the stored bytes");
            int camrollDone = checkCamroll("timed", user, timed.camrollPatches, dataDir);
            int nodeDone = checkNode("timed", node, timed.nodePatches);

            System.out.println();
            System.out.printf(
                    "camroll photos benchmark, %s, %d cores, load average %.2f before / %.2f after%n",
                    started, Runtime.getRuntime().availableProcessors(), loadBefore, loadAfter);
            System.out.printf(
                    "service: java -Xmx%s %s-jar %s --camroll.jobs.enabled=false, pid %d; files: %d x %s"
                            + " (image/jpeg by their magic bytes, random after), %d at a time, %d rounds, %d warm-ups%n",
                    settings.serverHeap(),
                    settings.serverJvmArgs().isEmpty() ? "" : String.join(" ", settings.serverJvmArgs()) + " ",
                    settings.jar().getFileName(),
                    service.pid(),
                    files.size(),
                    mib(settings.fileSize()),
                    PhotoBenchSettings.AT_ONCE,
                    settings.rounds(),
                    warmups.size());
            System.out.println();
            report(timed, camrollDone, nodeDone, nodeMissing, after, before)
                    .row(
                            "load average before / after",
                            String.format(Locale.ROOT, "%.2f / %.2f", loadBefore, loadAfter),
                            "")
                    .print(System.out);
        }
        nodeMissing.ifPresent(why -> System.out.println("Node.js tus server SKIPPED: " + why));
        for (String failure : failures) {
            System.out.println("FAILED " + failure);
        }
        return failures.isEmpty() ? 0 : 1;
    }

    // ------------------------------------------------------------------ the files and what is sent before timing

    /** Random bytes behind a JPEG's first markers, forced to disk once so that no write-back runs while timing. */
    private List<BenchmarkFile> generate(Path dir) throws IOException {
        List<BenchmarkFile> files = new ArrayList<>();
        for (int i = 0; i < settings.photos(); i++) {
            Path path = dir.resolve(String.format(Locale.ROOT, "IMG_%04d.JPG", i + 1));
            files.add(BenchmarkFile.write(
                    path, BenchmarkPhotos.garbageJpeg(Math.toIntExact(settings.fileSize()), i), "image/jpeg"));
            try (FileChannel channel = FileChannel.open(path, StandardOpenOption.WRITE)) {
                channel.force(true);
            }
        }
        return files;
    }

    /** Every file announced in manifests of at most the sync policy's {@code maxItemsPerBatch} lines. */
    private static List<SyncClient.Upload> announce(SyncClient.User user, List<BenchmarkFile> files)
            throws IOException, InterruptedException {
        int perBatch = user.maxItemsPerBatch();
        List<SyncClient.Upload> uploads = new ArrayList<>();
        for (int from = 0; from < files.size(); from += perBatch) {
            uploads.addAll(user.announce(files.subList(from, Math.min(files.size(), from + perBatch))));
        }
        return uploads;
    }

    private static List<URI> create(TusNodeServer node, List<BenchmarkFile> files)
            throws IOException, InterruptedException {
        List<URI> urls = new ArrayList<>();
        for (BenchmarkFile file : files) {
            urls.add(node.create(file));
        }
        return urls;
    }

    /** A file and its upload resource on the Node.js server. */
    private record NodeUpload(BenchmarkFile file, URI url) {}

    private static List<NodeUpload> pair(List<BenchmarkFile> files, List<URI> urls) {
        List<NodeUpload> uploads = new ArrayList<>();
        for (int i = 0; i < urls.size(); i++) {
            uploads.add(new NodeUpload(files.get(i), urls.get(i)));
        }
        return uploads;
    }

    private static void clear(RawDiskPath[] raws) throws IOException {
        for (RawDiskPath raw : raws) {
            raw.clear();
        }
    }

    // ------------------------------------------------------------------ the timed phases

    /** One phase of one path: its files, their bytes and the wall time from the first file's start to the last's end. */
    private record Phase(long bytes, long nanos) {

        Throughput throughput() {
            return new Throughput(bytes, nanos);
        }
    }

    /** What each path did over the phases so far: time, files, each file's time, and the CPU of those involved. */
    private static final class Totals {
        long bytes;
        long nanos;
        final List<Long> latencies = new ArrayList<>();
        long serviceCpu;
        long postgresCpu;
        long nodeCpu;
        long clientCpu;

        Throughput throughput() {
            return new Throughput(bytes, nanos);
        }

        int files() {
            return latencies.size();
        }

        /** The {@code p}-th percentile of the files' times (nearest rank), in milliseconds. */
        long percentileMillis(double p) {
            long[] sorted =
                    latencies.stream().mapToLong(Long::longValue).sorted().toArray();
            int rank = (int) Math.ceil(p / 100 * sorted.length);
            return sorted[Math.max(0, rank - 1)] / 1_000_000;
        }

        double meanMillis() {
            return latencies.stream().mapToLong(Long::longValue).average().orElse(0) / 1e6;
        }

        /** The cores the given CPU time kept busy over the path's phases: well below 2 means it waited, not worked. */
        String cores(long cpu) {
            return String.format(Locale.ROOT, "%.2f", cpu / Math.max(1.0, nanos / 1e6));
        }

        String perFile(long cpu) {
            return String.valueOf(Math.round(cpu / (double) Math.max(1, files())));
        }
    }

    /** The three paths with what they have taken so far. */
    private static final class Lanes {

        private final CamrollProcess service;

        private final TusNodeServer node;

        private final RawDiskPath[] raws;

        final Map<Lane, Totals> totals = new EnumMap<>(Lane.class);

        final List<SyncClient.Patched> camrollPatches = new ArrayList<>();

        final List<TusNodeServer.Patched> nodePatches = new ArrayList<>();

        Lanes(CamrollProcess service, TusNodeServer node, RawDiskPath[] raws) {
            this.service = service;
            this.node = node;
            this.raws = raws;
            for (Lane lane : Lane.values()) {
                totals.put(lane, new Totals());
            }
        }

        /**
         * Takes the items {@code from} to {@code to} through {@code lane}, {@link PhotoBenchSettings#AT_ONCE} at a
         * time (each thread takes the next item when its last one is done); {@code items} are camroll's uploads, or
         * the Node.js server's, whose files the raw path also takes.
         */
        Phase take(Lane lane, SyncClient.User user, List<?> items, int from, int to) throws Exception {
            Object[] outcomes = new Object[to - from];
            long[] nanos = new long[to - from];
            long serviceBefore = service.cpuMillis();
            long postgresBefore = service.postgresCpuMillis();
            long nodeBefore = node == null ? 0 : node.cpuMillis();
            long clientBefore = clientCpuMillis();
            AtomicInteger next = new AtomicInteger(from);
            ExecutorService pool = Executors.newFixedThreadPool(PhotoBenchSettings.AT_ONCE);
            long start = System.nanoTime();
            try {
                List<Future<?>> workers = new ArrayList<>();
                for (int w = 0; w < PhotoBenchSettings.AT_ONCE; w++) {
                    int worker = w;
                    workers.add(pool.submit(() -> {
                        for (int i = next.getAndIncrement(); i < to; i = next.getAndIncrement()) {
                            Object item = items.get(i);
                            switch (lane) {
                                case CAMROLL -> {
                                    SyncClient.Patched patched = user.patch((SyncClient.Upload) item);
                                    outcomes[i - from] = patched;
                                    nanos[i - from] = patched.nanos();
                                }
                                case RAW -> nanos[i - from] = raws[worker].copy(fileOf(item));
                                case TUS_NODE -> {
                                    NodeUpload upload = (NodeUpload) item;
                                    TusNodeServer.Patched patched = node.patch(upload.file(), upload.url());
                                    outcomes[i - from] = patched;
                                    nanos[i - from] = patched.nanos();
                                }
                            }
                        }
                        return null;
                    }));
                }
                for (Future<?> worker : workers) {
                    worker.get();
                }
            } finally {
                pool.shutdownNow();
            }
            long wall = System.nanoTime() - start;
            Totals total = totals.get(lane);
            long bytes = 0;
            for (int i = from; i < to; i++) {
                bytes += fileOf(items.get(i)).size();
            }
            total.bytes += bytes;
            total.nanos += wall;
            Arrays.stream(nanos).forEach(total.latencies::add);
            total.serviceCpu += service.cpuMillis() - serviceBefore;
            total.postgresCpu += service.postgresCpuMillis() - postgresBefore;
            total.nodeCpu += node == null ? 0 : node.cpuMillis() - nodeBefore;
            total.clientCpu += clientCpuMillis() - clientBefore;
            for (Object outcome : outcomes) {
                if (outcome instanceof SyncClient.Patched patched) {
                    camrollPatches.add(patched);
                } else if (outcome instanceof TusNodeServer.Patched patched) {
                    nodePatches.add(patched);
                }
            }
            return new Phase(bytes, wall);
        }

        private static BenchmarkFile fileOf(Object item) {
            return item instanceof SyncClient.Upload upload ? upload.file() : ((NodeUpload) item).file();
        }
    }

    private static CpuAccount cpuAccount(CamrollProcess service, TusNodeServer node) throws IOException {
        List<Long> pids = new ArrayList<>(service.helperPids());
        pids.add(service.pid());
        if (node != null) {
            pids.add(node.pid());
        }
        return CpuAccount.now(pids.stream().mapToLong(Long::longValue).toArray());
    }

    private static long clientCpuMillis() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                        .getProcessCpuTime()
                / 1_000_000;
    }

    // ------------------------------------------------------------------ the checks

    /**
     * Counts camroll's uploads that completed: {@code 204} at the file's length, stored media with the file's
     * SHA-256 ({@code GET /v1/media/{id}}), and an object in the store whose bytes hash to it.
     */
    private int checkCamroll(String phase, SyncClient.User user, List<SyncClient.Patched> patched, Path dataDir)
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
                Optional<Path> object = UploadBenchmark.storedObject(dataDir, upload.mediaId());
                if (object.isEmpty()) {
                    problem = "no object for media " + upload.mediaId() + " in the store";
                } else if (!UploadBenchmark.sha256(object.get())
                        .equals(upload.file().sha256())) {
                    problem = "the stored object " + object.get() + " is not the file";
                }
            }
            if (problem == null) {
                done++;
            } else {
                failures.add("camroll " + phase + " " + upload.file().name() + ": " + problem);
            }
        }
        return done;
    }

    /** Counts the Node.js server's uploads that completed: {@code 204} at the file's length, the file's bytes stored. */
    private int checkNode(String phase, TusNodeServer node, List<TusNodeServer.Patched> patched) throws IOException {
        int done = 0;
        for (TusNodeServer.Patched patch : patched) {
            String problem = null;
            if (!patch.complete()) {
                problem = "PATCH answered " + patch.status() + " at offset " + patch.offset();
            } else {
                Path stored = node.stored(patch.url());
                if (!Files.isRegularFile(stored)
                        || !UploadBenchmark.sha256(stored).equals(patch.file().sha256())) {
                    problem = "the stored file " + stored + " is not the file";
                }
            }
            if (problem == null) {
                done++;
            } else {
                failures.add("Node.js tus server " + phase + " " + patch.file().name() + ": " + problem);
            }
        }
        return done;
    }

    // ------------------------------------------------------------------ the table

    private ResultTable report(
            Lanes timed,
            int camrollDone,
            int nodeDone,
            Optional<String> nodeMissing,
            CpuAccount after,
            CpuAccount before) {
        Totals camroll = timed.totals.get(Lane.CAMROLL);
        Totals raw = timed.totals.get(Lane.RAW);
        Totals node = timed.totals.get(Lane.TUS_NODE);
        double toRaw = camroll.throughput().mbPerSecond() / raw.throughput().mbPerSecond();
        ResultTable table = new ResultTable()
                .section(String.format(
                        Locale.ROOT,
                        "Photo-sized uploads, %d x %s, %d at a time (MB = 10^6 bytes; per file: p50 / p99 / mean)",
                        camroll.files(),
                        mib(settings.fileSize()),
                        PhotoBenchSettings.AT_ONCE));
        rateRow(table, Lane.RAW, raw);
        rateRow(table, Lane.CAMROLL, camroll);
        if (nodeMissing.isEmpty()) {
            rateRow(table, Lane.TUS_NODE, node);
        } else {
            table.row(Lane.TUS_NODE.title, "SKIPPED", "", "(below)");
        }
        table.row(
                "camroll / raw durable path",
                ratio(toRaw),
                "",
                "",
                "target >= " + RAW_TARGET,
                toRaw >= RAW_TARGET ? "PASS" : "MISS");
        if (nodeMissing.isEmpty()) {
            double toNode =
                    camroll.throughput().mbPerSecond() / node.throughput().mbPerSecond();
            table.row(
                    "camroll / Node.js tus server",
                    ratio(toNode),
                    "",
                    "",
                    "target >= " + NODE_TARGET,
                    toNode >= NODE_TARGET ? "PASS" : "MISS");
        } else {
            table.row("camroll / Node.js tus server", "-", "", "", "target >= " + NODE_TARGET, "SKIPPED");
        }
        table.row(
                "camroll's time per file beyond the raw path's (mean)",
                String.valueOf(Math.round(camroll.meanMillis() - raw.meanMillis())),
                "ms");
        table.section("CPU per file (ms; client = this benchmark's JVM: the HTTP client, or all of the raw path)")
                .row(
                        "camroll: service + its PostgreSQL + client",
                        camroll.perFile(camroll.serviceCpu) + " + " + camroll.perFile(camroll.postgresCpu) + " + "
                                + camroll.perFile(camroll.clientCpu),
                        "ms")
                .row("raw durable path", raw.perFile(raw.clientCpu), "ms");
        if (nodeMissing.isEmpty()) {
            table.row(
                    "Node.js tus server: server + client",
                    node.perFile(node.nodeCpu) + " + " + node.perFile(node.clientCpu),
                    "ms");
        }
        long camrollCpu = camroll.serviceCpu + camroll.postgresCpu + camroll.clientCpu;
        table.row("cores busy in camroll's phases (service, PostgreSQL, client)", camroll.cores(camrollCpu), "cores")
                .row("cores busy in the raw path's phases", raw.cores(raw.clientCpu), "cores");
        if (nodeMissing.isEmpty()) {
            table.row(
                    "cores busy in the Node.js server's phases (server, client)",
                    node.cores(node.nodeCpu + node.clientCpu),
                    "cores");
        }
        return table.section("Outcomes and the machine")
                .row(
                        "camroll uploads completed (204, stored media, object SHA-256)",
                        camrollDone + "/" + camroll.files(),
                        "")
                .row(
                        "Node.js tus server uploads completed (204, stored bytes)",
                        nodeMissing.isEmpty() ? nodeDone + "/" + node.files() : "-",
                        "")
                .row(
                        "other processes' CPU meanwhile (hypervisor steal)",
                        String.format(Locale.ROOT, "%.2f", after.othersSince(before)),
                        String.format(Locale.ROOT, "cores (%.2f)", after.stealSince(before)));
    }

    private static void rateRow(ResultTable table, Lane lane, Totals totals) {
        table.row(
                lane.title,
                String.format(Locale.ROOT, "%.1f", totals.throughput().mbPerSecond()),
                "MB/s",
                String.format(
                        Locale.ROOT,
                        "%d / %d / %.0f ms",
                        totals.percentileMillis(50),
                        totals.percentileMillis(99),
                        totals.meanMillis()));
    }

    private static String ratio(double ratio) {
        return String.format(Locale.ROOT, "%.2f", ratio);
    }

    private static String mib(long bytes) {
        return bytes % BenchmarkSettings.MIB == 0 ? bytes / BenchmarkSettings.MIB + " MiB" : bytes + " bytes";
    }
}
