package dev.camroll.benchmark;

import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;

import dev.camroll.api.Ids;
import dev.camroll.media.Shot;
import dev.camroll.suggestions.internal.BareSuggestions;

import static dev.camroll.benchmark.Benchmarks.MINUTE;
import static dev.camroll.benchmark.Benchmarks.loadAverage;
import static dev.camroll.benchmark.Benchmarks.progress;

/**
 * The suggestions benchmark of issue 5 and its targets: a 10,000-photo library built from scratch in 10 s or less, a
 * 50-photo batch updating the suggestions in 1 s or less, one collage rendered in 300 ms or less. In one run:
 * <ol>
 * <li>starts the packaged service with its job workers on, creates users through the API (consent, a device) and
 * seeds each one's camera roll of two years ({@link CameraRoll}) straight into {@code media}, as processed photos
 * with previews, which is all a build reads;</li>
 * <li>builds each library from scratch: one {@code build-suggestions} job queued as a settled batch queues it, timed
 * by the queue's own clock, from the claim to {@code finished_at}; the service's suggestions are checked against
 * {@code SuggestionPlanner} run on the same shots in this JVM;</li>
 * <li>adds batches of 50 photos to the first user's library (some joining the latest moment, the rest a new moment)
 * and times each build the same way; checks that only suggestions showing the new photos changed, that the latest
 * moment's collage kept its id, and that nothing was removed;</li>
 * <li>renders collages and mosaics from decoded previews in a JVM of its own ({@link RenderLoop}).</li>
 * </ol>
 * The benchmark stores no preview objects, so the {@code render-suggestion} jobs a build queues find nothing to draw
 * and end at once; they run after the build has committed and are awaited before the next step. It prints a table
 * and exits non-zero when an outcome is wrong (a build that failed, no suggestions, suggestions other than the
 * planner's, ids not kept); a missed target is printed as {@code MISS}, not failed.
 */
public final class SuggestionBenchmark {

    /** A library of 10,000 photos built from scratch in 10 s or less. */
    static final double SCRATCH_TARGET_SECONDS = 10;

    /** A batch of 50 photos updates the suggestions in 1 s or less. */
    static final double UPDATE_TARGET_SECONDS = 1;

    /** One collage rendered in 300 ms or less (the median of the timed renders). */
    static final double RENDER_TARGET_MILLIS = 300;

    static final String BUILD_SUGGESTIONS = "build-suggestions";

    static final String RENDER_SUGGESTION = "render-suggestion";

    /** The camera roll's seed: every run and every user has the same library (with new ids). */
    private static final long LIBRARY_SEED = 20261127L;

    /** The share of a batch that continues the latest moment; the rest is a new moment the next day. */
    private static final double JOINING_SHARE = 0.3;

    /** A build's job is polled this often while it waits for a worker: its claim must be seen while it runs. */
    private static final long QUEUED_POLL_MILLIS = 5;

    private static final long RUNNING_POLL_MILLIS = 20;

    private static final Duration BUILD_TIMEOUT = Duration.ofMinutes(5);

    private static final Duration RENDER_JOBS_TIMEOUT = Duration.ofMinutes(10);

    /**
     * The service counts as idle when it used less than this much CPU in a second: start-up's compilation takes about
     * 1,800 ms a second, an idle service 30 to 70 (its job dispatcher's polls, timers; measured 2026-11-27).
     */
    private static final long IDLE_CPU_MILLIS = 150;

    private static final Duration IDLE_TIMEOUT = Duration.ofSeconds(60);

    /** How often the shots query and the planning are timed alone, to show their share of a build. */
    private static final int PARTS_TIMED = 5;

    /**
     * One build: when the job was claimed and finished (the database's clock), how it ended, and the CPU meanwhile.
     *
     * @param claimSeen whether a poll saw the job running, so {@code claimed} is the claim's own time; else
     *     {@code claimed} is the last time it was seen queued, and the duration an upper bound
     * @param idleBefore the service's CPU in the second before the job was queued, in ms: what it spends idle
     * @param serviceCpu the service's CPU from the job's insert until it was seen finished, in ms
     * @param byThread the same by thread group
     * @param postgresCpu the service's PostgreSQL's CPU in the same time (less the benchmark's own connection)
     * @param others other processes' CPU in the same time, in cores
     */
    private record Build(
            String state,
            String lastError,
            Instant claimed,
            boolean claimSeen,
            Instant finished,
            long idleBefore,
            long serviceCpu,
            ThreadCpu byThread,
            long postgresCpu,
            double others) {

        double seconds() {
            return Duration.between(claimed, finished).toNanos() / 1e9;
        }

        String time() {
            return (claimSeen ? "" : "<= ") + String.format(Locale.ROOT, "%.2f", seconds());
        }
    }

    /** The render jobs a build queued, after they all ended. */
    private record RenderJobs(long done, long dead, double secondsAfterBuild) {}

    /**
     * A build from scratch and what it made.
     *
     * @param queryMillis the build's shots query alone, from this JVM (median of {@value #PARTS_TIMED})
     * @param planMillis {@code SuggestionPlanner.plan} alone on the same shots in this JVM (median of
     *     {@value #PARTS_TIMED}, after the check has run it once)
     */
    private record Scratch(
            int user,
            int photos,
            long seedMillis,
            Build build,
            BareSuggestions.Moments moments,
            Map<String, Integer> byKind,
            String planCheck,
            RenderJobs renders,
            double queryMillis,
            double planMillis) {}

    /** A batch added to a library, its build, and what changed. */
    private record Update(
            int round,
            int photos,
            int joining,
            Build build,
            int added,
            int changed,
            int removed,
            int untouched,
            boolean latestKept,
            boolean newMomentCollage,
            boolean onlyShowingNewPhotos,
            String planCheck,
            RenderJobs renders) {}

    /** One kind of render in the render loop: the last render's layout, and every timed render's time. */
    private record Renders(
            String kind,
            String template,
            int width,
            int height,
            int bytes,
            long[] nanos,
            long[] cpuNanos,
            long gcMillis,
            double others) {

        double medianMillis() {
            return median(nanos) / 1e6;
        }

        double maxMillis() {
            return Arrays.stream(nanos).max().orElse(0) / 1e6;
        }

        double medianCpuMillis() {
            return median(cpuNanos) / 1e6;
        }

        static double median(long[] values) {
            long[] sorted = values.clone();
            Arrays.sort(sorted);
            int n = sorted.length;
            return n == 0 ? 0 : n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0;
        }
    }

    private final SuggestionBenchSettings settings;

    private final List<String> failures = new ArrayList<>();

    private final BareSuggestions bare = new BareSuggestions();

    private SuggestionBenchmark(SuggestionBenchSettings settings) {
        this.settings = settings;
    }

    public static void main(String[] args) throws Exception {
        System.exit(run(SuggestionBenchSettings.fromSystemProperties()));
    }

    static int run(SuggestionBenchSettings settings) throws Exception {
        return new SuggestionBenchmark(settings).run();
    }

    private int run() throws Exception {
        return Benchmarks.inRunDirectory(settings.workRoot(), "suggestion-benchmark-", settings.keep(), this::measure);
    }

    private int measure(Path runDir) throws Exception {
        Path dataDir = Files.createDirectories(runDir.resolve("data"));
        Path log = runDir.resolve("service.log");
        String started = MINUTE.format(Instant.now());
        double loadBefore = loadAverage();
        List<Scratch> scratches = new ArrayList<>();
        List<Update> updates = new ArrayList<>();
        CameraRoll firstRoll = null;
        progress(
                "starting the service (java -Xmx%s, %d job workers) in %s",
                settings.serverHeap(), settings.workers(), dataDir);
        try (CamrollProcess service = CamrollProcess.start(
                        settings.jar(),
                        dataDir,
                        settings.serverHeap(),
                        settings.serverJvmArgs(),
                        List.of("--camroll.jobs.workers=" + settings.workers()),
                        log);
                SuggestionDatabase db = SuggestionDatabase.of(dataDir)) {
            long backend = db.backendPid();
            SyncClient client = new SyncClient(service);
            for (int user = 1; user <= settings.scratchUsers(); user++) {
                CameraRoll roll = CameraRoll.generate(settings.libraryPhotos(), LIBRARY_SEED, Ids::newId);
                scratches.add(scratch(service, db, backend, client, user, roll));
                if (user == 1) {
                    firstRoll = roll;
                }
                if (!service.isAlive()) {
                    throw new IllegalStateException("the service died; see " + log);
                }
            }
            for (int round = 1; round <= settings.updateRounds() && firstRoll != null; round++) {
                updates.add(update(service, db, backend, subject(1), firstRoll, round));
            }
        }
        progress(
                "rendering: %d untimed, then %d timed renders of each kind, in a JVM of its own (java -Xmx%s)",
                settings.renderWarmups(), settings.renders(), settings.serverHeap());
        List<Renders> renders = renders();
        double loadAfter = loadAverage();

        FileStore store = Files.getFileStore(dataDir);
        System.out.println();
        System.out.printf(
                "camroll suggestions benchmark, %s, %d cores, load average %.2f before / %.2f after%n",
                started, Runtime.getRuntime().availableProcessors(), loadBefore, loadAfter);
        System.out.printf("data directory %s (%s on %s)%n", dataDir, store.type(), store.name());
        System.out.printf(
                "service: java -Xmx%s %s-jar %s, camroll.jobs.workers=%d, default camroll.suggestions.*%n",
                settings.serverHeap(), jvmArgs(), settings.jar().getFileName(), settings.workers());
        if (firstRoll != null) {
            System.out.println(describe(firstRoll, settings.libraryPhotos()));
        }
        System.out.printf("builds: one build-suggestions job each, queued by an INSERT as a settled batch queues it,%n"
                + "  timed by the queue's clock from the claim (jobs.updated_at while running) to jobs.finished_at:%n"
                + "  consent, the advisory lock, MediaLibrary.shots, plan, matching, writes, render jobs queued, commit.%n"
                + "  No preview objects are stored, so each render-suggestion job finds nothing to draw and ends at%n"
                + "  once; they run after the build's commit and are awaited before the next step%n");
        System.out.println();
        report(scratches, updates, renders).print(System.out);
        for (String failure : failures) {
            System.out.println("FAILED " + failure);
        }
        return failures.isEmpty() ? 0 : 1;
    }

    private static String subject(int user) {
        return "bench-suggestions-" + user;
    }

    // ------------------------------------------------------------------ from scratch

    /** A new user with a whole library, built from scratch. */
    private Scratch scratch(
            CamrollProcess service, SuggestionDatabase db, long backend, SyncClient client, int user, CameraRoll roll)
            throws Exception {
        String subject = subject(user);
        List<CameraRoll.Photo> photos = roll.photos();
        progress(
                "user %d: consent and device through the API, then %d processed photos into media",
                user, photos.size());
        client.user(subject, "cloud_processing", "location_analysis");
        long seedStart = System.nanoTime();
        db.insertPhotos(subject, photos, Instant.now());
        long seedMillis = (System.nanoTime() - seedStart) / 1_000_000;
        progress("user %d: building from scratch", user);
        Map<String, Long> rendersBefore = db.jobs(RENDER_SUGGESTION, subject);
        Build build = build(service, db, backend, subject);
        progress(
                "  %s s, %s; service CPU %d ms, PostgreSQL %d ms",
                build.time(), build.state(), build.serviceCpu(), build.postgresCpu());
        List<SuggestionDatabase.Row> rows = current(db.suggestions(subject));
        Map<String, Integer> byKind = new TreeMap<>(rows.stream()
                .collect(Collectors.groupingBy(SuggestionDatabase.Row::kind, Collectors.summingInt(row -> 1))));
        List<Shot> shots = photos.stream().map(CameraRoll.Photo::shot).toList();
        String planCheck = planCheck(rows, bare.plan(shots));
        if (!"done".equals(build.state())) {
            failures.add("user " + user + ": the build from scratch is " + build.state() + ": " + build.lastError());
        } else if (rows.isEmpty()) {
            failures.add("user " + user + ": the build from scratch made no suggestions");
        }
        if (!planCheck.equals("yes")) {
            failures.add("user " + user + ": the service's suggestions are not SuggestionPlanner's for the same shots: "
                    + planCheck);
        }
        RenderJobs renders = awaitRenders(db, subject, build, rendersBefore, "user " + user);
        long[] query = new long[PARTS_TIMED];
        long[] plan = new long[PARTS_TIMED];
        for (int i = 0; i < PARTS_TIMED; i++) {
            long start = System.nanoTime();
            db.readShots(subject);
            query[i] = System.nanoTime() - start;
            start = System.nanoTime();
            bare.plan(shots);
            plan[i] = System.nanoTime() - start;
        }
        return new Scratch(
                user,
                photos.size(),
                seedMillis,
                build,
                bare.moments(shots),
                byKind,
                planCheck,
                renders,
                Renders.median(query) / 1e6,
                Renders.median(plan) / 1e6);
    }

    // ------------------------------------------------------------------ updates

    /** A batch added to the user's library, and the build that follows. */
    private Update update(
            CamrollProcess service, SuggestionDatabase db, long backend, String subject, CameraRoll roll, int round)
            throws Exception {
        int joining = (int) Math.round(settings.updatePhotos() * JOINING_SHARE);
        List<SuggestionDatabase.Row> before = db.suggestions(subject);
        long lastChange = before.stream()
                .mapToLong(SuggestionDatabase.Row::changeSeq)
                .max()
                .orElse(0);
        SuggestionDatabase.Row latest = current(before).stream()
                .filter(row -> row.kind().equals("COLLAGE"))
                .max(Comparator.comparing(SuggestionDatabase.Row::periodTo))
                .orElse(null);
        List<CameraRoll.Photo> batch = roll.nextBatch(settings.updatePhotos(), joining);
        Set<UUID> added = batch.stream().map(CameraRoll.Photo::mediaId).collect(Collectors.toSet());
        Set<UUID> joined = batch.subList(0, joining).stream()
                .map(CameraRoll.Photo::mediaId)
                .collect(Collectors.toSet());
        Set<UUID> newMoment = batch.subList(joining, batch.size()).stream()
                .map(CameraRoll.Photo::mediaId)
                .collect(Collectors.toSet());
        progress(
                "update %d: %d photos into media (%d joining the latest moment, %d a new one), then a build",
                round, batch.size(), joining, batch.size() - joining);
        db.insertPhotos(subject, batch, Instant.now());
        Map<String, Long> rendersBefore = db.jobs(RENDER_SUGGESTION, subject);
        Build build = build(service, db, backend, subject);
        List<SuggestionDatabase.Row> after = db.suggestions(subject);
        Map<UUID, SuggestionDatabase.Row> earlier = new HashMap<>();
        before.forEach(row -> earlier.put(row.id(), row));
        int addedRows = 0;
        int changed = 0;
        int removed = 0;
        int untouched = 0;
        boolean onlyShowingNewPhotos = true;
        boolean newMomentCollage = false;
        for (SuggestionDatabase.Row row : after) {
            SuggestionDatabase.Row was = earlier.get(row.id());
            if (row.changeSeq() <= lastChange) {
                untouched += row.removed() ? 0 : 1;
            } else if (was == null) {
                addedRows++;
                newMomentCollage |= row.kind().equals("COLLAGE") && newMoment.containsAll(row.basisIds());
            } else if (row.removed()) {
                removed++;
            } else {
                changed++;
                // A suggestion may change only because it now stands for some of the new photos.
                onlyShowingNewPhotos &= !Collections.disjoint(row.basisIds(), added);
            }
        }
        SuggestionDatabase.Row latestAfter = latest == null
                ? null
                : after.stream()
                        .filter(row -> row.id().equals(latest.id()))
                        .findFirst()
                        .orElse(null);
        boolean latestKept =
                latestAfter != null && !latestAfter.removed() && !Collections.disjoint(latestAfter.basisIds(), joined);
        List<Shot> shots = roll.photos().stream().map(CameraRoll.Photo::shot).toList();
        String planCheck = planCheck(current(after), bare.plan(shots));
        progress(
                "  %s s, %s; %d added, %d changed, %d removed, %d kept",
                build.time(), build.state(), addedRows, changed, removed, untouched);
        String what = "update " + round;
        if (!"done".equals(build.state())) {
            failures.add(what + ": the build is " + build.state() + ": " + build.lastError());
        }
        if (!latestKept) {
            failures.add(what + ": the latest moment's collage " + (latest == null ? "(none before)" : latest.id())
                    + " did not keep its id with the photos that joined it");
        }
        if (!newMomentCollage) {
            failures.add(what + ": the new moment of " + newMoment.size() + " photos got no collage");
        }
        if (removed > 0 || !onlyShowingNewPhotos) {
            failures.add(what + ": " + removed + " suggestions removed and " + (onlyShowingNewPhotos ? "no" : "some")
                    + " suggestions changed that do not show the new photos");
        }
        if (!planCheck.equals("yes")) {
            failures.add(
                    what + ": the service's suggestions are not SuggestionPlanner's for the same shots: " + planCheck);
        }
        RenderJobs renders = awaitRenders(db, subject, build, rendersBefore, what);
        return new Update(
                round,
                batch.size(),
                joining,
                build,
                addedRows,
                changed,
                removed,
                untouched,
                latestKept,
                newMomentCollage,
                onlyShowingNewPhotos,
                planCheck,
                renders);
    }

    // ------------------------------------------------------------------ one build

    /**
     * Queues a build for the user once the service is idle and waits until it is finished. The job is polled every
     * few milliseconds until a poll sees it running, whose {@code updated_at} is then the claim's time (completion
     * overwrites it; the table has no start column), and less often until it is finished.
     */
    private Build build(CamrollProcess service, SuggestionDatabase db, long backend, String subject) throws Exception {
        long idle = awaitIdle(service);
        CpuAccount cpuBefore = CpuAccount.now(service);
        ThreadCpu threadsBefore = ThreadCpu.of(service.pid());
        long serviceBefore = service.cpuMillis();
        long postgresBefore = postgresCpu(service, backend);
        UUID job = db.enqueueBuild(subject);
        long deadline = System.nanoTime() + BUILD_TIMEOUT.toNanos();
        Instant claimed = null;
        Instant lastQueued = null;
        SuggestionDatabase.JobRow row;
        while (true) {
            row = db.job(job);
            if (row.isFinal()) {
                break;
            }
            if (System.nanoTime() > deadline || !service.isAlive()) {
                throw new IllegalStateException("the build of " + subject + " is still " + row.state() + " after "
                        + BUILD_TIMEOUT + (service.isAlive() ? "" : "; the service died"));
            }
            if ("running".equals(row.state())) {
                claimed = claimed == null ? row.updatedAt() : claimed;
                Thread.sleep(RUNNING_POLL_MILLIS);
            } else {
                lastQueued = row.now();
                Thread.sleep(QUEUED_POLL_MILLIS);
            }
        }
        long serviceCpu = service.cpuMillis() - serviceBefore;
        ThreadCpu byThread = ThreadCpu.of(service.pid()).since(threadsBefore);
        long postgresCpu = postgresCpu(service, backend) - postgresBefore;
        CpuAccount cpuAfter = CpuAccount.now(service);
        boolean seen = claimed != null;
        // Never seen running: it ran between two polls, after the last that saw it queued.
        Instant start = seen ? claimed : lastQueued != null ? lastQueued : row.finishedAt();
        return new Build(
                row.state(),
                row.lastError(),
                start,
                seen,
                row.finishedAt(),
                idle,
                serviceCpu,
                byThread,
                postgresCpu,
                cpuAfter.othersSince(cpuBefore));
    }

    /**
     * Waits until the service used less than {@value #IDLE_CPU_MILLIS} ms of CPU in a second (start-up's compilation,
     * an earlier step's render jobs), at most {@link #IDLE_TIMEOUT}; answers its CPU in the last second, in ms.
     */
    private static long awaitIdle(CamrollProcess service) throws InterruptedException {
        long deadline = System.nanoTime() + IDLE_TIMEOUT.toNanos();
        long used;
        do {
            long before = service.cpuMillis();
            Thread.sleep(1000);
            used = service.cpuMillis() - before;
        } while (used >= IDLE_CPU_MILLIS && System.nanoTime() < deadline);
        return used;
    }

    /** The service's PostgreSQL's CPU so far, less this benchmark's own connection's server process. */
    private static long postgresCpu(CamrollProcess service, long backend) {
        return service.postgresCpuMillis() - CpuAccount.cpuMillis(backend).orElse(0L);
    }

    /** Waits until the render jobs the build queued have ended. */
    private RenderJobs awaitRenders(
            SuggestionDatabase db, String subject, Build build, Map<String, Long> before, String what)
            throws Exception {
        long deadline = System.nanoTime() + RENDER_JOBS_TIMEOUT.toNanos();
        Map<String, Long> states = db.jobs(RENDER_SUGGESTION, subject);
        while (states.getOrDefault("queued", 0L) + states.getOrDefault("running", 0L) > 0) {
            if (System.nanoTime() > deadline) {
                failures.add(what + ": render-suggestion jobs still open after " + RENDER_JOBS_TIMEOUT + ": " + states);
                break;
            }
            Thread.sleep(250);
            states = db.jobs(RENDER_SUGGESTION, subject);
        }
        long done = states.getOrDefault("done", 0L) - before.getOrDefault("done", 0L);
        long dead = states.getOrDefault("dead", 0L) - before.getOrDefault("dead", 0L);
        if (dead > 0) {
            failures.add(what + ": " + dead + " render-suggestion jobs dead");
        }
        long last = states.get("lastFinished");
        double seconds = last == 0 || done + dead == 0
                ? 0
                : Math.max(0, last - build.finished().toEpochMilli()) / 1000.0;
        return new RenderJobs(done, dead, seconds);
    }

    private static List<SuggestionDatabase.Row> current(List<SuggestionDatabase.Row> rows) {
        return rows.stream().filter(row -> !row.removed()).toList();
    }

    /**
     * {@code yes} when the user's current suggestions say exactly what {@code SuggestionPlanner} proposes for the same
     * shots (kind, anchor, title, subtitle, shown and basis shots in order, cover), else what differs.
     */
    private static String planCheck(List<SuggestionDatabase.Row> rows, List<BareSuggestions.Planned> planned) {
        Map<String, Integer> stored = new HashMap<>();
        for (SuggestionDatabase.Row row : rows) {
            stored.merge(
                    String.join(
                            "|",
                            row.kind(),
                            row.anchor(),
                            row.title(),
                            String.valueOf(row.subtitle()),
                            row.mediaIds().toString(),
                            row.basisIds().toString(),
                            String.valueOf(row.coverMediaId())),
                    1,
                    Integer::sum);
        }
        int missing = 0;
        for (BareSuggestions.Planned plan : planned) {
            String key = String.join(
                    "|",
                    plan.kind(),
                    plan.anchor(),
                    plan.title(),
                    String.valueOf(plan.subtitle()),
                    plan.mediaIds().toString(),
                    plan.basisIds().toString(),
                    String.valueOf(plan.coverMediaId()));
            if (stored.merge(key, -1, Integer::sum) < 0) {
                missing++;
            }
        }
        int extra = stored.values().stream().mapToInt(n -> Math.max(0, n)).sum();
        return missing == 0 && extra == 0
                ? "yes"
                : missing + " of " + planned.size() + " planned not stored, " + extra + " stored not planned";
    }

    // ------------------------------------------------------------------ rendering

    /** Runs {@link RenderLoop} in a JVM of its own, with the service's heap and JVM options, and reads its results. */
    private List<Renders> renders() throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx" + settings.serverHeap());
        command.addAll(settings.serverJvmArgs());
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(RenderLoop.class.getName());
        command.add(String.valueOf(settings.renderWarmups()));
        command.add(String.valueOf(settings.renders()));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        int exit = process.waitFor();
        List<Renders> renders = new ArrayList<>();
        for (String line : output.split("\n")) {
            if (line.startsWith(RenderLoop.RESULT + " ")) {
                Map<String, String> fields = new LinkedHashMap<>();
                for (String field :
                        line.substring(RenderLoop.RESULT.length() + 1).split(" ")) {
                    String[] pair = field.split("=", 2);
                    fields.put(pair[0], pair[1]);
                }
                Renders run = new Renders(
                        fields.get("kind"),
                        fields.get("template"),
                        Integer.parseInt(fields.get("width")),
                        Integer.parseInt(fields.get("height")),
                        Integer.parseInt(fields.get("bytes")),
                        longs(fields.get("nanos")),
                        longs(fields.get("cpuNanos")),
                        Long.parseLong(fields.get("gcMillis")),
                        Double.parseDouble(fields.get("others")));
                renders.add(run);
                progress(
                        "  %s (%s): median %.0f ms, max %.0f ms",
                        run.kind(), run.template(), run.medianMillis(), run.maxMillis());
            }
        }
        if (exit != 0 || renders.isEmpty()) {
            failures.add("the render loop exited with " + exit + ":\n" + output.strip());
        }
        return renders;
    }

    private static long[] longs(String text) {
        return text.isEmpty()
                ? new long[0]
                : Arrays.stream(text.split(",")).mapToLong(Long::parseLong).toArray();
    }

    // ------------------------------------------------------------------ the table

    /** The library in words: its span, outings, trips, GPS, near-duplicates, images without EXIF. */
    private static String describe(CameraRoll roll, int libraryPhotos) {
        List<CameraRoll.Photo> library = roll.photos().subList(0, libraryPhotos);
        long geotagged =
                library.stream().filter(photo -> photo.latitude() != null).count();
        long nearDuplicates =
                library.stream().filter(CameraRoll.Photo::nearDuplicate).count();
        long withoutExif =
                library.stream().filter(photo -> photo.takenLocal() == null).count();
        return String.format(
                Locale.ROOT,
                "library per user: %d processed photos seeded into media (no preview objects),%n"
                        + "  %s to %s, %d outings at home, on day trips and on %d trips abroad (other time zones);%n"
                        + "  GPS on %.0f %%, %d near-duplicates (bursts, views shot again), %d images without EXIF;%n"
                        + "  the user gives cloud_processing and location_analysis",
                libraryPhotos,
                CameraRoll.FIRST_DAY,
                CameraRoll.LAST_DAY,
                roll.outings(),
                CameraRoll.trips(),
                100.0 * geotagged / library.size(),
                nearDuplicates,
                withoutExif);
    }

    private ResultTable report(List<Scratch> scratches, List<Update> updates, List<Renders> renders) {
        ResultTable table = new ResultTable();
        if (!scratches.isEmpty()) {
            Scratch first = scratches.get(0);
            table.section(String.format(
                    Locale.ROOT,
                    "Build from scratch: %d photos, one build-suggestions job per user "
                            + "(CPU: service + its PostgreSQL)",
                    first.photos()));
            for (Scratch scratch : scratches) {
                Build build = scratch.build();
                table.row(
                                "user " + scratch.user()
                                        + (scratch.user() == 1
                                                ? ", the service's first build"
                                                : ", its code compiled by now"),
                                build.time(),
                                "s",
                                build.state())
                        .row("  CPU meanwhile", build.serviceCpu() + " + " + build.postgresCpu(), "ms", cpuNote(build));
            }
            Scratch last = scratches.get(scratches.size() - 1);
            table.row(
                            "  its shots query alone, from this JVM",
                            format(last.queryMillis()),
                            "ms",
                            "median of " + PARTS_TIMED)
                    .row(
                            "  SuggestionPlanner.plan alone, in this JVM",
                            format(last.planMillis()),
                            "ms",
                            "median of " + PARTS_TIMED + ", compiled");
            double slowest = scratches.stream()
                    .mapToDouble(s -> s.build().seconds())
                    .max()
                    .orElse(0);
            table.row(
                            "slowest build from scratch",
                            String.format(Locale.ROOT, "%.2f", slowest),
                            "s",
                            "target <= 10 s",
                            slowest <= SCRATCH_TARGET_SECONDS ? "PASS" : "MISS")
                    .row("photos seeded into media (multi-row INSERTs)", String.valueOf(first.seedMillis()), "ms")
                    .row(
                            "moments (MomentClusterer, same shots, this JVM)",
                            String.valueOf(first.moments().moments()),
                            "",
                            first.moments().distinctShots() + " distinct shots, "
                                    + first.moments().collapsed() + " near-duplicates")
                    .row(
                            "suggestions made",
                            String.valueOf(first.byKind().values().stream()
                                    .mapToInt(n -> n)
                                    .sum()),
                            "",
                            first.byKind().toString())
                    .row(
                            "same as SuggestionPlanner on the same shots",
                            scratches.stream().map(Scratch::planCheck).allMatch("yes"::equals) ? "yes" : "no",
                            "")
                    .row(
                            "render-suggestion jobs it queued, all done",
                            String.valueOf(first.renders().done()),
                            "",
                            String.format(
                                    Locale.ROOT,
                                    "the last %.1f s after the build (no previews)",
                                    first.renders().secondsAfterBuild()));
        }
        if (!updates.isEmpty()) {
            Update first = updates.get(0);
            table.section(String.format(
                    Locale.ROOT,
                    "Update: batches of %d photos (%d join the latest moment, %d make a "
                            + "new one) for user 1, each built",
                    first.photos(),
                    first.joining(),
                    first.photos() - first.joining()));
            for (Update update : updates) {
                Build build = update.build();
                table.row(
                                "batch " + update.round(),
                                build.time(),
                                "s",
                                String.format(
                                        Locale.ROOT,
                                        "%d added, %d changed, %d removed, %d kept",
                                        update.added(),
                                        update.changed(),
                                        update.removed(),
                                        update.untouched()))
                        .row("  CPU meanwhile", build.serviceCpu() + " + " + build.postgresCpu(), "ms", cpuNote(build));
            }
            double slowest =
                    updates.stream().mapToDouble(u -> u.build().seconds()).max().orElse(0);
            table.row(
                            "slowest update",
                            String.format(Locale.ROOT, "%.2f", slowest),
                            "s",
                            "target <= 1 s",
                            slowest <= UPDATE_TARGET_SECONDS ? "PASS" : "MISS")
                    .row(
                            "latest moment's collage kept its id",
                            count(updates, Update::latestKept),
                            "/" + updates.size())
                    .row("the new moment got a collage", count(updates, Update::newMomentCollage), "/" + updates.size())
                    .row(
                            "only suggestions showing new photos changed",
                            count(updates, Update::onlyShowingNewPhotos),
                            "/" + updates.size())
                    .row("none removed", count(updates, u -> u.removed() == 0), "/" + updates.size())
                    .row(
                            "same as SuggestionPlanner on the same shots",
                            count(updates, u -> u.planCheck().equals("yes")),
                            "/" + updates.size());
        }
        if (!renders.isEmpty()) {
            table.section(String.format(
                    Locale.ROOT,
                    "Rendering in a JVM of its own (java -Xmx%s), one at a time: %d timed"
                            + " after %d untimed of each kind",
                    settings.serverHeap(),
                    settings.renders(),
                    settings.renderWarmups()));
            for (Renders run : renders) {
                boolean target = run.kind().equals("collage");
                table.row(
                        label(run),
                        String.format(Locale.ROOT, "%.0f", run.medianMillis()),
                        "ms",
                        String.format(
                                Locale.ROOT, "median; max %.0f, CPU %.0f", run.maxMillis(), run.medianCpuMillis()),
                        target ? "target <= 300 ms" : "",
                        target ? run.medianMillis() <= RENDER_TARGET_MILLIS ? "PASS" : "MISS" : "");
            }
            for (Renders run : renders) {
                if (!run.kind().contains("+")) {
                    table.row(
                            "  " + run.kind() + ": layout, JPEG",
                            run.template(),
                            "",
                            String.format(
                                    Locale.ROOT, "%d x %d, %d KB", run.width(), run.height(), run.bytes() / 1024));
                }
            }
            Renders any = renders.get(0);
            table.row(
                    "GC while timing",
                    String.valueOf(any.gcMillis()),
                    "ms",
                    String.format(Locale.ROOT, "other processes %.2f cores", any.others()));
        }
        return table;
    }

    private static String format(double millis) {
        return String.format(Locale.ROOT, "%.0f", millis);
    }

    /** The service's CPU by thread, what it spends idle, and other processes' load. */
    private static String cpuNote(Build build) {
        Map<String, Long> threads = build.byThread().millis();
        return String.format(
                Locale.ROOT,
                "workers %d JIT %d GC %d other %d; idle %d/s; others %.2f",
                threads.get(ThreadCpu.WORKERS),
                threads.get(ThreadCpu.JIT),
                threads.get(ThreadCpu.GC),
                threads.get(ThreadCpu.OTHER) + threads.get(ThreadCpu.DECODE),
                build.idleBefore(),
                build.others());
    }

    private static String label(Renders run) {
        return switch (run.kind()) {
            case "collage" -> "collage of 9 from decoded previews (4:3)";
            case "collage+decode" -> "collage of 9, decoding the 9 JPEGs first";
            case "mosaic" -> "mosaic of 16 from decoded previews (4 of 3:4)";
            case "mosaic+decode" -> "mosaic of 16, decoding the 16 JPEGs first";
            default -> run.kind();
        };
    }

    private interface Check {
        boolean holds(Update update);
    }

    private static String count(Collection<Update> updates, Check check) {
        return String.valueOf(updates.stream().filter(check::holds).count());
    }

    private String jvmArgs() {
        return settings.serverJvmArgs().isEmpty() ? "" : String.join(" ", settings.serverJvmArgs()) + " ";
    }
}
