package dev.camroll.benchmark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import dev.camroll.media.MediaSamples;
import dev.camroll.testing.TestObjectStorage;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static dev.camroll.benchmark.Benchmarks.MINUTE;
import static dev.camroll.benchmark.Benchmarks.loadAverage;
import static dev.camroll.benchmark.Benchmarks.progress;

/**
 * The purge benchmark: how long a withdrawal of {@code cloud_processing} takes to become a {@code DATA_PURGED} entry
 * for a big library, against the 60 s deadline of the contract. For each object store (filesystem, and S3 through
 * S3Proxy in this JVM) it starts the packaged service and:
 * <ol>
 * <li>creates two users through the API (consent, a device) and seeds each a library of {@code bench.purgeMedia}
 * processed media straight into the database (manifests, completed uploads, finished analysis jobs, suggestions,
 * occasions) and the store (an original, a preview and a thumbnail of a few KB each);</li>
 * <li>withdraws the first user's {@code cloud_processing} through {@code PUT /v1/consent/cloud_processing} and times
 * it until the {@code purges} row is finished, with the purge's steps from the service's log; checks the
 * {@code DATA_PURGED} entry (counts, the SHA-256 of the seeded keys), that nothing of the user is left and that the
 * second user's rows and objects are all still there;</li>
 * <li>queues {@code bench.purgeBacklog} analyses of real JPEGs for a third user, then withdraws a fourth user with
 * {@code bench.urgentMedia} media while the workers are busy with them: the urgent purge-user job goes first.</li>
 * </ol>
 * It prints a table with PASS/MISS against the deadline and exits non-zero when an outcome is wrong (a purge that
 * did not finish, counts or a digest that do not match, data left behind, the other user's data touched).
 */
public final class PurgeBenchmark {

    /** The contract's default {@code camroll.privacy.purge-deadline}. */
    static final double TARGET_SECONDS = 60;

    private static final Duration PURGE_TIMEOUT = Duration.ofMinutes(10);

    private static final long POLL_MILLIS = 20;

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static final Pattern STEPS = Pattern.compile("Purge (\\S+) \\(\\w+\\) finished in (\\d+) ms: queued (\\d+)"
            + " ms, waiting for running work (\\d+) ms, staged bytes (\\d+) ms, rows (\\d+) ms, objects (\\d+) ms,"
            + " ledger (\\d+) ms");

    /** The purge's steps as the service logged them, in ms; all -1 when the line was not found. */
    private record Steps(long total, long queued, long waited, long staged, long rows, long objects, long ledger) {

        static final Steps UNKNOWN = new Steps(-1, -1, -1, -1, -1, -1, -1);
    }

    /** A user's seeded library: its object keys, sorted, and its rows by table. */
    private record Library(String subject, String userKey, List<String> keys, Map<String, Integer> rows) {}

    /**
     * One purge, timed from just before the withdrawal's request to the {@code purges} row's {@code finished_at}.
     *
     * @param requestMillis until the withdrawal's {@code 200}
     * @param serviceSeconds from the row's {@code requested_at} to its {@code finished_at} (the service's metric)
     */
    private record Purged(
            String store,
            int media,
            int objects,
            double seconds,
            double serviceSeconds,
            long requestMillis,
            Steps steps,
            String deleted,
            boolean digestMatches,
            String left,
            String other,
            int backlogQueued,
            int backlogDoneMeanwhile) {}

    /** Where the seeded objects go and what is left: the service's store, seen from outside the service. */
    private interface Store {

        String name();

        void put(String key, byte[] bytes);

        List<String> list(String prefix);

        List<String> jvmArgs();

        List<String> appArgs();
    }

    private final PurgeBenchSettings settings;

    private final List<String> failures = new ArrayList<>();

    private PurgeBenchmark(PurgeBenchSettings settings) {
        this.settings = settings;
    }

    public static void main(String[] args) throws Exception {
        System.exit(run(PurgeBenchSettings.fromSystemProperties()));
    }

    static int run(PurgeBenchSettings settings) throws Exception {
        return new PurgeBenchmark(settings).run();
    }

    private int run() throws Exception {
        return Benchmarks.inRunDirectory(settings.workRoot(), "purge-benchmark-", settings.keep(), this::measure);
    }

    private int measure(Path runDir) throws Exception {
        String started = MINUTE.format(Instant.now());
        double loadBefore = loadAverage();
        List<Purged> big = new ArrayList<>();
        List<Purged> urgent = new ArrayList<>();
        String s3Kind = null;
        for (String storeName : settings.stores()) {
            Path dataDir = Files.createDirectories(runDir.resolve(storeName).resolve("data"));
            Store store;
            if (storeName.equals("s3")) {
                TestObjectStorage s3 = TestObjectStorage.s3proxy(Files.createDirectories(runDir.resolve("s3proxy")));
                s3Kind = "S3Proxy in the benchmark's JVM at " + s3.endpoint();
                store = s3Store(s3);
            } else {
                store = filesystemStore(dataDir.resolve("objects"));
            }
            Path log = runDir.resolve(storeName).resolve("service.log");
            progress(
                    "%s: starting the service (java -Xmx%s, %d job workers) in %s",
                    storeName, settings.serverHeap(), settings.workers(), dataDir);
            List<String> jvmArgs = new ArrayList<>(settings.serverJvmArgs());
            jvmArgs.addAll(store.jvmArgs());
            List<String> appArgs = new ArrayList<>(store.appArgs());
            appArgs.add("--camroll.jobs.workers=" + settings.workers());
            try (CamrollProcess service = CamrollProcess.start(
                            settings.jar(), dataDir, settings.serverHeap(), jvmArgs, appArgs, log);
                    PurgeDatabase db = PurgeDatabase.of(dataDir)) {
                SyncClient client = new SyncClient(service);
                big.add(bigPurge(storeName, store, db, client, log));
                urgent.add(urgentPurge(storeName, store, db, client, log));
                if (!service.isAlive()) {
                    failures.add(storeName + ": the service died; see " + log);
                }
                progress("%s: stopping the service", storeName);
            }
        }
        double loadAfter = loadAverage();

        System.out.println();
        System.out.printf(
                "camroll purge benchmark, %s, %d cores, load average %.2f before / %.2f after%n",
                started, Runtime.getRuntime().availableProcessors(), loadBefore, loadAfter);
        System.out.printf(
                "service: java -Xmx%s %s-jar %s, camroll.jobs.workers=%d, default purge deadline%n",
                settings.serverHeap(),
                settings.serverJvmArgs().isEmpty() ? "" : String.join(" ", settings.serverJvmArgs()) + " ",
                settings.jar().getFileName(),
                settings.workers());
        if (s3Kind != null) {
            System.out.println("s3: " + s3Kind);
        }
        System.out.printf(
                "libraries seeded into the database and the store: per media an original, a preview and a"
                        + " thumbnail%n  of %d random bytes, a manifest line, a completed upload, a finished analysis job;"
                        + " a suggestion per %d media,%n  3 occasions. Timed from just before PUT /v1/consent/cloud_processing"
                        + " WITHDRAWN to purges.finished_at%n  (the DATA_PURGED entry's commit); steps from the service's log%n",
                settings.objectSize(), PurgeDatabase.MEDIA_PER_SUGGESTION);
        System.out.println();
        report(big, urgent).print(System.out);
        for (String failure : failures) {
            System.out.println("FAILED " + failure);
        }
        return failures.isEmpty() ? 0 : 1;
    }

    // ------------------------------------------------------------------ the two scenarios

    private Purged bigPurge(String storeName, Store store, PurgeDatabase db, SyncClient client, Path log)
            throws Exception {
        String subject = "bench-purge-user";
        String other = "bench-purge-other";
        SyncClient.User user = client.user(subject, "cloud_processing");
        client.user(other, "cloud_processing");
        Library purged = seed(store, db, subject, settings.purgeMedia());
        Library kept = seed(store, db, other, settings.purgeMedia());
        progress(
                "%s: withdrawing cloud_processing of a user with %,d media and %,d objects",
                storeName, settings.purgeMedia(), purged.keys().size());
        Purged result = withdrawAndAwait(storeName, store, db, user, purged, log, null);
        Library after = new Library(other, kept.userKey(), store.list("u/" + kept.userKey() + "/"), db.rows(other));
        String otherCheck;
        if (after.keys().equals(kept.keys()) && after.rows().equals(kept.rows())) {
            otherCheck = "yes";
        } else {
            otherCheck = "NO: " + after.keys().size() + " of " + kept.keys().size() + " objects, rows " + after.rows()
                    + " (were " + kept.rows() + ")";
            failures.add(storeName + ": the other user's library changed: " + otherCheck);
        }
        return withOther(result, otherCheck);
    }

    private Purged urgentPurge(String storeName, Store store, PurgeDatabase db, SyncClient client, Path log)
            throws Exception {
        String subject = "bench-purge-urgent";
        String busy = "bench-purge-backlog";
        SyncClient.User user = client.user(subject, "cloud_processing");
        client.user(busy, "cloud_processing");
        Library purged = seed(store, db, subject, settings.urgentMedia());
        int backlog = settings.backlog();
        if (backlog > 0) {
            progress(
                    "%s: seeding %,d media waiting for analysis (real JPEGs of 1600 x 1200) for another user",
                    storeName, backlog);
            byte[] jpeg = MediaSamples.jpeg(MediaSamples.photo(1600, 1200, 7));
            List<UUID> ids = db.seedLibrary(busy, backlog, "stored", jpeg.length);
            String busyKey = db.userKey(busy);
            putAll(
                    store,
                    ids.stream().map(id -> "u/" + busyKey + "/original/" + id).toList(),
                    key -> jpeg);
            db.queueAnalyses(busy);
            // The workers take up the backlog before the withdrawal, as they would on a busy day.
            Thread.sleep(1000);
        }
        progress(
                "%s: withdrawing cloud_processing of a user with %,d media while %,d analyses of another user wait",
                storeName, settings.urgentMedia(), db.jobs(busy, "analyze-media", "queued"));
        Purged result = withdrawAndAwait(storeName, store, db, user, purged, log, busy);
        db.cancelQueued(busy); // the rest of the backlog is of no interest
        return withOther(result, "");
    }

    private static Purged withOther(Purged r, String other) {
        return new Purged(
                r.store(),
                r.media(),
                r.objects(),
                r.seconds(),
                r.serviceSeconds(),
                r.requestMillis(),
                r.steps(),
                r.deleted(),
                r.digestMatches(),
                r.left(),
                other,
                r.backlogQueued(),
                r.backlogDoneMeanwhile());
    }

    /** A user's library in the database and the store. */
    private Library seed(Store store, PurgeDatabase db, String subject, int media) throws Exception {
        long start = System.nanoTime();
        List<UUID> ids = db.seedLibrary(subject, media, "processed", settings.objectSize());
        String userKey = db.userKey(subject);
        List<String> keys = new ArrayList<>();
        for (UUID id : ids) {
            keys.add("u/" + userKey + "/original/" + id);
            keys.add("u/" + userKey + "/preview/" + id + ".jpg");
            keys.add("u/" + userKey + "/thumb/" + id + ".jpg");
        }
        keys.sort(null);
        long rowsMillis = (System.nanoTime() - start) / 1_000_000;
        Random random = new Random(subject.hashCode());
        byte[][] contents = new byte[16][];
        for (int i = 0; i < contents.length; i++) {
            contents[i] = new byte[settings.objectSize()];
            random.nextBytes(contents[i]);
        }
        start = System.nanoTime();
        putAll(store, keys, key -> contents[Math.floorMod(key.hashCode(), contents.length)]);
        long objectsMillis = (System.nanoTime() - start) / 1_000_000;
        Map<String, Integer> rows = db.rows(subject);
        progress(
                "  seeded %s: rows %s in %,d ms, %,d objects in %,d ms",
                subject, rows, rowsMillis, keys.size(), objectsMillis);
        return new Library(subject, userKey, keys, rows);
    }

    private interface Content {
        byte[] of(String key);
    }

    /** Puts the objects, 8 at a time. */
    private static void putAll(Store store, List<String> keys, Content content) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> puts = new ArrayList<>();
            int slice = Math.max(1, (keys.size() + 7) / 8);
            for (int from = 0; from < keys.size(); from += slice) {
                List<String> part = keys.subList(from, Math.min(keys.size(), from + slice));
                puts.add(pool.submit(() -> part.forEach(key -> store.put(key, content.of(key)))));
            }
            for (Future<?> put : puts) {
                put.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** Withdraws, waits for the purge, and checks what it left and what it recorded. */
    private Purged withdrawAndAwait(
            String storeName,
            Store store,
            PurgeDatabase db,
            SyncClient.User user,
            Library library,
            Path log,
            String backlogSubject)
            throws Exception {
        int backlogQueued = backlogSubject == null ? 0 : db.jobs(backlogSubject, "analyze-media", "queued");
        int backlogDoneBefore = backlogSubject == null ? 0 : db.jobs(backlogSubject, "analyze-media", "done");
        Instant withdrawal = Instant.now();
        long start = System.nanoTime();
        user.withdraw("cloud_processing");
        long requestMillis = (System.nanoTime() - start) / 1_000_000;
        PurgeDatabase.PurgeRow row = db.purge(library.subject());
        long deadline = System.nanoTime() + PURGE_TIMEOUT.toNanos();
        while ((row == null || row.finishedAt() == null) && System.nanoTime() < deadline) {
            Thread.sleep(POLL_MILLIS);
            row = db.purge(library.subject());
        }
        int backlogDone =
                backlogSubject == null ? 0 : db.jobs(backlogSubject, "analyze-media", "done") - backlogDoneBefore;
        int media = library.rows().get("media");
        if (row == null || row.finishedAt() == null) {
            failures.add(storeName + ": the purge of " + library.subject() + " did not finish in " + PURGE_TIMEOUT);
            return new Purged(
                    storeName,
                    media,
                    library.keys().size(),
                    Double.NaN,
                    Double.NaN,
                    requestMillis,
                    Steps.UNKNOWN,
                    "",
                    false,
                    "",
                    "",
                    backlogQueued,
                    backlogDone);
        }
        double seconds = Duration.between(withdrawal, row.finishedAt()).toNanos() / 1e9;
        double serviceSeconds =
                Duration.between(row.requestedAt(), row.finishedAt()).toNanos() / 1e9;
        progress("  purged in %.2f s (%.2f s from the purge's request)", seconds, serviceSeconds);
        Steps steps = steps(log, row.purgeId());

        List<String> entries = db.purgedEntries(library.subject());
        String deleted = "";
        boolean digestMatches = false;
        if (entries.size() != 1) {
            failures.add(storeName + ": " + entries.size() + " DATA_PURGED entries for " + library.subject());
        } else {
            JsonNode details = JSON.readTree(entries.get(0));
            JsonNode counts = details.path("deleted");
            deleted = new TreeMap<>(JSON.convertValue(counts, Map.class)).toString();
            digestMatches = digest(library.keys())
                    .equals(details.path("objectKeysSha256").asString());
            Map<String, Integer> seeded = library.rows();
            check(storeName, library.subject(), "media", counts.path("media").asInt(), seeded.get("media"));
            check(
                    storeName,
                    library.subject(),
                    "uploads",
                    counts.path("uploads").asInt(),
                    seeded.get("uploads"));
            check(
                    storeName,
                    library.subject(),
                    "batches",
                    counts.path("batches").asInt(),
                    seeded.get("batches"));
            check(
                    storeName,
                    library.subject(),
                    "suggestions",
                    counts.path("suggestions").asInt(),
                    seeded.get("suggestions"));
            check(
                    storeName,
                    library.subject(),
                    "occasions",
                    counts.path("occasions").asInt(),
                    seeded.get("occasions"));
            check(
                    storeName,
                    library.subject(),
                    "objects",
                    counts.path("objects").asInt(),
                    library.keys().size());
            if (counts.path("jobs").asInt() < seeded.get("jobs")) {
                failures.add(storeName + ": DATA_PURGED counts "
                        + counts.path("jobs").asInt() + " jobs of " + library.subject() + ", seeded "
                        + seeded.get("jobs"));
            }
            if (!digestMatches) {
                failures.add(storeName + ": the DATA_PURGED digest of " + library.subject()
                        + " is not the SHA-256 of the seeded keys");
            }
        }
        Map<String, Integer> rowsLeft = db.rows(library.subject());
        int objectsLeft = store.list("u/" + library.userKey() + "/").size();
        int rowsLeftSum = rowsLeft.values().stream().mapToInt(Integer::intValue).sum();
        String left = rowsLeftSum + " rows, " + objectsLeft + " objects";
        if (rowsLeftSum != 0 || objectsLeft != 0) {
            failures.add(storeName + ": the purge of " + library.subject() + " left " + rowsLeft + " and " + objectsLeft
                    + " objects");
        }
        return new Purged(
                storeName,
                media,
                library.keys().size(),
                seconds,
                serviceSeconds,
                requestMillis,
                steps,
                deleted,
                digestMatches,
                left,
                "",
                backlogQueued,
                backlogDone);
    }

    private void check(String store, String subject, String kind, int counted, int seeded) {
        if (counted != seeded) {
            failures.add(
                    store + ": DATA_PURGED counts " + counted + " " + kind + " of " + subject + ", seeded " + seeded);
        }
    }

    /** The purge's steps from the service's log line (written just after the commit, so it may take a moment). */
    private static Steps steps(Path log, UUID purgeId) throws Exception {
        for (int attempt = 0; attempt < 50; attempt++) {
            for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
                Matcher m = STEPS.matcher(line);
                if (m.find() && m.group(1).equals(purgeId.toString())) {
                    return new Steps(
                            Long.parseLong(m.group(2)),
                            Long.parseLong(m.group(3)),
                            Long.parseLong(m.group(4)),
                            Long.parseLong(m.group(5)),
                            Long.parseLong(m.group(6)),
                            Long.parseLong(m.group(7)),
                            Long.parseLong(m.group(8)));
                }
            }
            Thread.sleep(100);
        }
        return Steps.UNKNOWN;
    }

    /** As {@code UserPurge.digest}: SHA-256 over the sorted keys, each followed by a line feed. */
    static String digest(List<String> sortedKeys) throws Exception {
        MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
        for (String key : sortedKeys) {
            sha256.update((key + "\n").getBytes(StandardCharsets.UTF_8));
        }
        return HexFormat.of().formatHex(sha256.digest());
    }

    // ------------------------------------------------------------------ the stores

    private static Store filesystemStore(Path root) {
        return new Store() {
            @Override
            public String name() {
                return "filesystem";
            }

            @Override
            public void put(String key, byte[] bytes) {
                try {
                    Path file = root.resolve(key);
                    Files.createDirectories(file.getParent());
                    Files.write(file, bytes);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }

            @Override
            public List<String> list(String prefix) {
                Path dir = root.resolve(prefix);
                if (!Files.isDirectory(dir)) {
                    return List.of();
                }
                try (Stream<Path> files = Files.walk(dir)) {
                    return files.filter(Files::isRegularFile)
                            .map(file -> root.relativize(file).toString())
                            .sorted()
                            .toList();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }

            @Override
            public List<String> jvmArgs() {
                return List.of();
            }

            @Override
            public List<String> appArgs() {
                return List.of();
            }
        };
    }

    private static Store s3Store(TestObjectStorage s3) {
        String bucket = s3.createBucket();
        S3Client client = s3.client();
        return new Store() {
            @Override
            public String name() {
                return "s3";
            }

            @Override
            public void put(String key, byte[] bytes) {
                client.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromBytes(bytes));
            }

            @Override
            public List<String> list(String prefix) {
                List<String> keys = new ArrayList<>();
                client.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix))
                        .contents()
                        .forEach((S3Object object) -> keys.add(object.key()));
                keys.sort(null);
                return keys;
            }

            @Override
            public List<String> jvmArgs() {
                // Credentials go the way production's do: the AWS SDK's default chain.
                return List.of("-Daws.accessKeyId=" + s3.accessKey(), "-Daws.secretAccessKey=" + s3.secretKey());
            }

            @Override
            public List<String> appArgs() {
                return List.of(
                        "--camroll.storage.type=s3",
                        "--camroll.storage.s3.endpoint=" + s3.endpoint(),
                        "--camroll.storage.s3.bucket=" + bucket,
                        "--camroll.storage.s3.region=" + TestObjectStorage.REGION,
                        "--camroll.storage.s3.path-style-access=true");
            }
        };
    }

    // ------------------------------------------------------------------ the table

    private ResultTable report(List<Purged> big, List<Purged> urgent) {
        ResultTable table = new ResultTable();
        table.section(String.format(
                Locale.ROOT,
                "Purge of a library of %,d media (%,d objects), the other user's"
                        + " library of the same size beside it",
                settings.purgeMedia(),
                3 * settings.purgeMedia()));
        for (Purged purged : big) {
            rows(table, purged);
            table.row("  other user's rows and objects untouched", purged.other(), "");
        }
        table.section(String.format(
                Locale.ROOT,
                "Urgent: purge of %,d media (%,d objects) while %,d analyses of"
                        + " another user (JPEGs of 1600 x 1200) wait",
                settings.urgentMedia(),
                3 * settings.urgentMedia(),
                settings.backlog()));
        for (Purged purged : urgent) {
            rows(table, purged);
            table.row(
                    "  analyses queued at the withdrawal / done until DATA_PURGED",
                    purged.backlogQueued() + " / " + purged.backlogDoneMeanwhile(),
                    "jobs");
        }
        return table;
    }

    private static void rows(ResultTable table, Purged purged) {
        boolean pass = purged.seconds() <= TARGET_SECONDS;
        table.row(
                purged.store() + ": withdrawal to DATA_PURGED",
                seconds(purged.seconds()),
                "s",
                "target <= 60 s",
                pass ? "PASS" : "MISS");
        table.row("  from the purge's request (purge.duration)", seconds(purged.serviceSeconds()), "s");
        table.row("  PUT /v1/consent/cloud_processing until 200", String.valueOf(purged.requestMillis()), "ms");
        Steps steps = purged.steps();
        if (steps.total() >= 0) {
            table.row("  queued: request to the purge job's start", String.valueOf(steps.queued()), "ms");
            table.row("  waiting for the user's running work", String.valueOf(steps.waited()), "ms");
            table.row("  staged bytes outside the prefix", String.valueOf(steps.staged()), "ms");
            table.row("  rows: every module's, jobs, idempotency keys", String.valueOf(steps.rows()), "ms");
            table.row(
                    "  objects: list, record, delete a page at a time",
                    String.valueOf(steps.objects()),
                    "ms",
                    steps.objects() > 0
                            ? String.format(Locale.ROOT, "%,.0f objects/s", purged.objects() * 1000.0 / steps.objects())
                            : "");
            table.row("  ledger: rows again, keys, digest, DATA_PURGED", String.valueOf(steps.ledger()), "ms");
        } else {
            table.row("  steps", "?", "", "no log line of the purge");
        }
        table.section("    deleted (DATA_PURGED): " + purged.deleted());
        table.row("  digest = SHA-256 of the seeded keys", purged.digestMatches() ? "yes" : "NO", "");
        table.row("  left of the user", purged.left(), "");
    }

    private static String seconds(double seconds) {
        return String.format(Locale.ROOT, "%.2f", seconds);
    }
}
