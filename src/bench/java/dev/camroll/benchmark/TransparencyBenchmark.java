package dev.camroll.benchmark;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntPredicate;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import dev.camroll.client.Merkle;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What the consent transparency log (ADR 0021) costs, in two parts:
 * <ul>
 * <li><b>decisions</b>: {@code PUT /v1/consent/location_analysis} at the requests benchmark's load, on the jar
 * without the log ({@code -Dbench.baselineJar}, "before") and the jar with it ({@code -Dbench.jar}, "after"), each on a
 * fresh data directory, before then after in every round, and the ratio after / before (the issue: at most 10 % fewer
 * decisions per second);</li>
 * <li><b>proofs</b>: the log grown to a million leaves through the service's own sequencer (synthetic entries queued
 * in {@code transparency_pending} with SQL, integrated by the service), timing the integration, then
 * {@code GET /v1/consent/receipts/{eventId}} (a receipt with its inclusion proof) and
 * {@code GET /v1/consent/log/consistency} at a small log and at the million, and the proof's own database work
 * (the issue: a proof served in under 10 ms at a million leaves).</li>
 * </ul>
 */
final class TransparencyBenchmark {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** The real user whose entries are proven, at the start of the log, after the small log and after the big one. */
    static final String USER = "bench-log-user";

    /** Synthetic users the queued entries belong to (each gets a salt, as a real user would). */
    private static final int SYNTHETIC_SUBJECTS = 64;

    private static final String PROOF_HEADER = "c2sp.org/tlog-proof@v1";

    /** A user of the decisions part with the requests its client sends, prepared once. */
    record BenchUser(String subject, String token, byte[] give, byte[] withdraw) {}

    /** One jar's run of the decisions. */
    record Turn(
            String label,
            int round,
            ClosedLoop.Outcome outcome,
            double load,
            long answered,
            long proven,
            String ledgers,
            long logSize,
            long ledgerEntries,
            long checkpoints,
            boolean hasLog,
            LogDatabase.Counters postgres) {}

    /** One growth of the log by queued entries. */
    record Growth(
            long from,
            long to,
            double queueSeconds,
            LogDatabase.Integration integration,
            double fromCommitSeconds,
            long serviceCpuMillis,
            long postgresCpuMillis,
            double load,
            double decisionSeconds) {

        double leavesPerSecond() {
            return (to - from) / (integration.duration().toNanos() / 1e9);
        }
    }

    /** The measurements at one size of the log. */
    record AtSize(
            String name,
            long size,
            List<LogDatabase.Entry> entries,
            Map<Integer, CountedLoop.Outcome> receipts,
            Map<Integer, CountedLoop.Outcome> consistency,
            CountedLoop.Outcome floor,
            long[] dbPosition,
            long[] dbNodes,
            long[] dbProof,
            long[] dbRandomProof,
            long[] dbConsistency,
            int maxHashes,
            String plan,
            List<String> loads) {}

    private final LogBenchSettings settings;

    private final Path runDir;

    private final ResultTable table = new ResultTable();

    private final List<String> wrong = new ArrayList<>();

    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .build();

    private TransparencyBenchmark(LogBenchSettings settings, Path runDir) {
        this.settings = settings;
        this.runDir = runDir;
    }

    static int run(LogBenchSettings settings) throws Exception {
        return Benchmarks.inRunDirectory(
                settings.workRoot(),
                "transparency-benchmark-",
                settings.keep(),
                runDir -> new TransparencyBenchmark(settings, runDir).measure());
    }

    private int measure() throws Exception {
        double loadBefore = Benchmarks.loadAverage();
        Instant started = Instant.now();
        table.section(String.format(
                Locale.ROOT,
                "Transparency log benchmark, %s: the service -Xmx%s, %s",
                Benchmarks.MINUTE.format(started),
                settings.serverHeap(),
                settings.jar().getFileName()));
        if (settings.parts().contains("decisions")) {
            decisions();
        }
        if (settings.parts().contains("proofs")) {
            proofs();
        }
        table.section("Machine");
        table.row("load average before / after", fixed(loadBefore, 2) + " / " + fixed(Benchmarks.loadAverage(), 2), "");
        table.row("cores", String.valueOf(Runtime.getRuntime().availableProcessors()), "");
        table.row(
                "timed phases wait for a load average of at most",
                fixed(settings.quietLoad(), 2),
                "",
                "at most " + settings.quietWaitMinutes() + " min each, then go on");
        System.out.println();
        table.print(System.out);
        for (String problem : wrong) {
            System.out.println("WRONG: " + problem);
        }
        return wrong.isEmpty() ? 0 : 1;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Decisions: before and after the log

    private void decisions() throws Exception {
        if (settings.baselineJar() == null) {
            table.section("Consent decisions before and after the log: SKIPPED, no -Dbench.baselineJar (the service"
                    + " without the log, e.g. built from commit 45b9168 in a git worktree)");
            return;
        }
        List<Turn> before = new ArrayList<>();
        List<Turn> after = new ArrayList<>();
        for (int round = 0; round < settings.rounds(); round++) {
            before.add(decisionTurn("before", settings.baselineJar(), round));
            after.add(decisionTurn("after", settings.jar(), round));
        }
        table.section(String.format(
                Locale.ROOT,
                "Consent decisions: PUT /v1/consent/location_analysis, %d users, %d connections, %d s warm-up + %d s"
                        + " timed, a fresh service per turn, %d round(s) of before then after",
                settings.users(),
                settings.connections(),
                settings.warmupSeconds(),
                settings.seconds(),
                settings.rounds()));
        table.row("before: " + settings.baselineJar(), "", "");
        table.row("after: " + settings.jar(), "", "");
        ClosedLoop.Outcome was = turnRows("before", before);
        ClosedLoop.Outcome is = turnRows("after", after);
        double ratio = is.perSecond() / was.perSecond();
        List<String> perRound = new ArrayList<>();
        double lowest = Double.MAX_VALUE;
        double highest = 0;
        for (int i = 0; i < before.size(); i++) {
            double r =
                    after.get(i).outcome().perSecond() / before.get(i).outcome().perSecond();
            lowest = Math.min(lowest, r);
            highest = Math.max(highest, r);
            perRound.add(fixed(r, 3));
        }
        table.row(
                "after / before: decisions/s",
                fixed(ratio, 3),
                "",
                "per round " + String.join(", ", perRound) + " (" + fixed(lowest, 3) + " to " + fixed(highest, 3)
                        + "); target at least 0.90: " + RequestBenchmark.verdict(ratio >= 0.9));
        table.row(
                "after / before: p50, p99",
                fixed(is.percentileMillis(0.5) / was.percentileMillis(0.5), 2) + ", "
                        + fixed(is.percentileMillis(0.99) / was.percentileMillis(0.99), 2),
                "");
        table.row(
                "after / before: service, PostgreSQL CPU per decision",
                fixed(
                                perRequest(is.serverCpuMillis(), is.requests())
                                        / perRequest(was.serverCpuMillis(), was.requests()),
                                2)
                        + ", "
                        + fixed(
                                perRequest(is.postgresCpuMillis(), is.requests())
                                        / perRequest(was.postgresCpuMillis(), was.requests()),
                                2),
                "");
        long answered = after.stream().mapToLong(Turn::answered).sum();
        long proven = after.stream().mapToLong(Turn::proven).sum();
        table.row("after: answers with an inclusion proof", proven + " of " + answered, "", "warm-up included");
        long entries = after.stream().mapToLong(Turn::ledgerEntries).sum();
        long checkpoints = after.stream().mapToLong(Turn::checkpoints).sum();
        table.row(
                "after: checkpoints signed",
                String.valueOf(checkpoints),
                "",
                "for " + entries + " ledger entries: one per " + fixed((double) entries / Math.max(1, checkpoints), 1));
        table.row(
                "after: leaves in the log / ledger entries",
                after.stream()
                        .map(turn -> turn.logSize() + " / " + turn.ledgerEntries())
                        .collect(java.util.stream.Collectors.joining(", ")),
                "");
        for (Turn turn : before) {
            if (turn.hasLog()) {
                wrong.add("the baseline jar " + settings.baselineJar() + " has a transparency log");
                break;
            }
        }
        for (Turn turn : after) {
            if (!turn.hasLog()) {
                wrong.add("the jar " + settings.jar() + " has no transparency log");
            } else {
                if (turn.proven() != turn.answered()) {
                    wrong.add("after, round " + (turn.round() + 1) + ": " + (turn.answered() - turn.proven())
                            + " decisions answered without an inclusion proof");
                }
                if (turn.logSize() != turn.ledgerEntries()) {
                    wrong.add("after, round " + (turn.round() + 1) + ": the log has " + turn.logSize() + " leaves for "
                            + turn.ledgerEntries() + " ledger entries");
                }
            }
        }
    }

    private ClosedLoop.Outcome turnRows(String label, List<Turn> turns) {
        ClosedLoop.Outcome all =
                ClosedLoop.Outcome.merged(turns.stream().map(Turn::outcome).toList());
        table.row(
                label + ": decisions/s",
                grouped(all.perSecond()),
                "/s",
                "rounds: "
                        + String.join(
                                ", ",
                                turns.stream()
                                        .map(turn -> grouped(turn.outcome().perSecond()))
                                        .toList())
                        + "; " + all.requests() + " timed; load average at the start: "
                        + String.join(
                                ", ",
                                turns.stream()
                                        .map(turn -> fixed(turn.load(), 2))
                                        .toList()));
        table.row(
                "  latency p50, p99, p99.9",
                fixed(all.percentileMillis(0.5), 2) + ", " + fixed(all.percentileMillis(0.99), 2) + ", "
                        + fixed(all.percentileMillis(0.999), 2),
                "ms",
                "p99 per round: "
                        + String.join(
                                ", ",
                                turns.stream()
                                        .map(turn -> fixed(turn.outcome().percentileMillis(0.99), 1))
                                        .toList()));
        table.row(
                "  service, PostgreSQL, client CPU per decision",
                fixed(perRequest(all.serverCpuMillis(), all.requests()), 2) + ", "
                        + fixed(perRequest(all.postgresCpuMillis(), all.requests()), 2) + ", "
                        + fixed(perRequest(all.clientCpuMillis(), all.requests()), 2),
                "ms");
        table.row(
                "  other processes' CPU meanwhile",
                fixed(all.others(), 2),
                "cores",
                "per round: "
                        + String.join(
                                ", ",
                                turns.stream()
                                        .map(turn -> fixed(turn.outcome().others(), 2))
                                        .toList()));
        long decisions = turns.stream().mapToLong(Turn::answered).sum();
        long commits =
                turns.stream().mapToLong(turn -> turn.postgres().commits()).sum();
        long walBytes =
                turns.stream().mapToLong(turn -> turn.postgres().walBytes()).sum();
        long walRecords =
                turns.stream().mapToLong(turn -> turn.postgres().walRecords()).sum();
        long walSyncs =
                turns.stream().mapToLong(turn -> turn.postgres().walSyncs()).sum();
        table.row(
                "  PostgreSQL per decision: transactions, WAL records, WAL bytes, WAL flushes",
                fixed((double) commits / decisions, 2) + ", " + fixed((double) walRecords / decisions, 1) + ", "
                        + grouped((double) walBytes / decisions) + ", " + fixed((double) walSyncs / decisions, 2),
                "",
                "warm-up and timed decisions, " + decisions + " in all");
        table.row(
                "  ledgers valid with every answered decision",
                String.join(", ", turns.stream().map(Turn::ledgers).toList()),
                "");
        for (Turn turn : turns) {
            if (turn.outcome().failed() > 0) {
                wrong.add(label + ", round " + (turn.round() + 1) + ": "
                        + turn.outcome().failed() + " wrong answers, e.g. "
                        + turn.outcome().failures());
            }
            if (turn.outcome().requests() == 0) {
                wrong.add(label + ", round " + (turn.round() + 1) + ": no decision answered in the timed phase");
            }
        }
        return all;
    }

    private Turn decisionTurn(String label, Path jar, int round) throws Exception {
        String name = label + "-" + (round + 1);
        Path dataDir = runDir.resolve("decisions-" + name);
        Benchmarks.progress("decisions, round %d, %s: starting %s", round + 1, label, jar.getFileName());
        try (CamrollProcess service = CamrollProcess.start(
                jar,
                dataDir,
                settings.serverHeap(),
                settings.serverJvmArgs(),
                runDir.resolve("service-decisions-" + name + ".log"))) {
            Map<String, String> notices = notices(service, new SyncClient(service).token("bench-notices"));
            List<BenchUser> users = setUp(service, notices);
            boolean[] given = new boolean[users.size()];
            AtomicIntegerArray appended = new AtomicIntegerArray(users.size());
            AtomicLong proven = new AtomicLong();
            double load = awaitQuiet("decisions, round " + (round + 1) + ", " + label);
            Thread.sleep(11_000); // the set-up's statistics reach pg_stat_* before the first reading
            LogDatabase.Counters countersBefore = LogDatabase.counters(dataDir);
            Benchmarks.progress(
                    "decisions, round %d, %s: %d s warm-up, %d s timed",
                    round + 1, label, settings.warmupSeconds(), settings.seconds());
            ClosedLoop.Outcome outcome = decisionLoad(service, users, given, appended, proven);
            Thread.sleep(11_000);
            LogDatabase.Counters counters = LogDatabase.counters(dataDir).minus(countersBefore);
            String ledgers = ledgersMatch(service, users, appended, label);
            long answered = 0;
            for (int i = 0; i < users.size(); i++) {
                answered += appended.get(i);
            }
            boolean hasLog = LogDatabase.hasLog(dataDir);
            long size = -1;
            long entries = -1;
            long checkpoints = -1;
            if (hasLog) {
                try (LogDatabase db = LogDatabase.of(dataDir)) {
                    if (!db.awaitSettled(Duration.ofSeconds(30))) {
                        wrong.add(label + ", round " + (round + 1) + ": the log had not integrated its queue 30 s"
                                + " after the load (" + db.pending() + " queued)");
                    }
                    size = db.size();
                    entries = db.ledgerEntries();
                    checkpoints = db.checkpoints();
                }
            }
            return new Turn(
                    label,
                    round,
                    outcome,
                    load,
                    answered,
                    proven.get(),
                    ledgers,
                    size,
                    entries,
                    checkpoints,
                    hasLog,
                    counters);
        } finally {
            if (!settings.keep()) {
                Benchmarks.deleteTree(dataDir);
            }
        }
    }

    private ClosedLoop.Outcome decisionLoad(
            CamrollProcess service,
            List<BenchUser> users,
            boolean[] given,
            AtomicIntegerArray appended,
            AtomicLong proven)
            throws IOException, InterruptedException {
        int threads = settings.connections();
        return ClosedLoop.run(
                service.base(),
                threads,
                settings.warmupSeconds() * 1000L,
                settings.seconds() * 1000L,
                thread -> new ClosedLoop.Client() {
                    // users thread, thread + threads, ...: no user has two requests running at once
                    private int next = thread;

                    @Override
                    public String next(KeepAliveConnection connection) throws IOException {
                        int index = next;
                        next = next + threads < users.size() ? next + threads : thread;
                        BenchUser user = users.get(index);
                        boolean give = !given[index];
                        KeepAliveConnection.Answer answer =
                                connection.exchange(give ? user.give() : user.withdraw(), true);
                        String expected = give ? "\"state\":\"GIVEN\"" : "\"state\":\"WITHDRAWN\"";
                        if ((answer.status() == 200 || answer.status() == 201)
                                && answer.body().contains(expected)
                                && answer.body().contains("\"jws\":\"")) {
                            given[index] = give;
                            appended.incrementAndGet(index);
                            if (answer.body().contains("\"proof\":\"" + PROOF_HEADER)) {
                                proven.incrementAndGet();
                            }
                            return null;
                        }
                        return "PUT for " + user.subject() + ": " + answer.status() + " " + answer.body();
                    }
                },
                new ClosedLoop.Probes(
                        service::cpuMillis,
                        () -> ProcessTreeCpu.postgres(service.dataDir()),
                        () -> ProcessTreeCpu.machine(service.dataDir())));
    }

    /** Whether every user's chain verifies and holds cloud_processing's entry plus one per answered decision. */
    private String ledgersMatch(
            CamrollProcess service, List<BenchUser> users, AtomicIntegerArray appended, String label)
            throws IOException {
        int matching = 0;
        try (KeepAliveConnection connection = new KeepAliveConnection(service.base())) {
            for (int i = 0; i < users.size(); i++) {
                BenchUser user = users.get(i);
                KeepAliveConnection.Answer answer = connection.exchange(
                        KeepAliveConnection.request("GET", service.base(), "/v1/consent/history?limit=1", user.token()),
                        true);
                JsonNode chain = JSON.readTree(answer.body()).path("chain");
                long expected = 1L + appended.get(i);
                if (answer.status() == 200
                        && chain.path("valid").asBoolean()
                        && chain.path("length").asLong() == expected) {
                    matching++;
                } else if (wrong.size() < 20) {
                    wrong.add(label + ": the ledger of " + user.subject() + ": " + answer.status() + " " + chain
                            + ", expected length " + expected);
                }
            }
        }
        return matching + " of " + users.size();
    }

    /** Tokens for every user, and cloud_processing given, which location_analysis requires. */
    private List<BenchUser> setUp(CamrollProcess service, Map<String, String> notices) throws Exception {
        Benchmarks.progress("setting up %d users", settings.users());
        SyncClient client = new SyncClient(service);
        URI base = service.base();
        List<BenchUser> users = new ArrayList<>();
        String give =
                JSON.writeValueAsString(Map.of("state", "GIVEN", "noticeVersion", notices.get("location_analysis")));
        String withdraw = JSON.writeValueAsString(Map.of("state", "WITHDRAWN"));
        String cloud =
                JSON.writeValueAsString(Map.of("state", "GIVEN", "noticeVersion", notices.get("cloud_processing")));
        try (KeepAliveConnection connection = new KeepAliveConnection(base)) {
            for (int i = 1; i <= settings.users(); i++) {
                String subject = "bench-user-" + i;
                String token = client.token(subject);
                KeepAliveConnection.Answer answer = connection.exchange(
                        KeepAliveConnection.request("PUT", base, "/v1/consent/cloud_processing", token, cloud), true);
                if (answer.status() != 200 && answer.status() != 201) {
                    throw new IllegalStateException(
                            "giving cloud_processing for " + subject + ": " + answer.status() + " " + answer.body());
                }
                users.add(new BenchUser(
                        subject,
                        token,
                        KeepAliveConnection.request("PUT", base, "/v1/consent/location_analysis", token, give),
                        KeepAliveConnection.request("PUT", base, "/v1/consent/location_analysis", token, withdraw)));
            }
        }
        return users;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Proofs: a small log, then a million leaves

    private void proofs() throws Exception {
        Path dataDir = runDir.resolve("proofs-data");
        Benchmarks.progress("proofs: starting %s", settings.jar().getFileName());
        try (CamrollProcess service = CamrollProcess.start(
                settings.jar(),
                dataDir,
                settings.serverHeap(),
                settings.serverJvmArgs(),
                runDir.resolve("service-proofs.log"))) {
            if (!LogDatabase.hasLog(dataDir)) {
                wrong.add("the jar " + settings.jar() + " has no transparency log");
                return;
            }
            try (LogDatabase db = LogDatabase.of(dataDir)) {
                proofs(service, db);
            }
        } finally {
            if (!settings.keep()) {
                Benchmarks.deleteTree(dataDir);
            }
        }
    }

    private void proofs(CamrollProcess service, LogDatabase db) throws Exception {
        String token = new SyncClient(service).token(USER);
        Map<String, String> notices = notices(service, token);
        Decider user = new Decider(service.base(), token, notices);
        int k = settings.userEntries();
        Benchmarks.progress("proofs: %d decisions of %s at the start of the log", k, USER);
        user.give("cloud_processing");
        for (int i = 1; i < k; i++) {
            user.toggle();
        }
        settle(db);
        List<Growth> growths = new ArrayList<>();
        growths.addAll(grow(service, db, settings.smallLeaves() - k, false));
        Benchmarks.progress("proofs: %d decisions after %,d leaves", k, db.size());
        for (int i = 0; i < k; i++) {
            user.toggle();
        }
        settle(db);
        AtSize small = atSize(service, db, token, "small log");
        long smallSize = small.size();
        growths.addAll(grow(service, db, settings.leaves(), true, user));
        Benchmarks.progress("proofs: %d decisions after %,d leaves", k - 1, db.size());
        for (int i = 1; i < k; i++) {
            user.toggle();
        }
        settle(db);
        AtSize big = atSize(service, db, token, "big log");
        List<LogDatabase.TableSize> sizes = db.tableSizes();
        Map<String, String> postgres = db.settings();

        table.section(String.format(
                Locale.ROOT,
                "Proofs: %s's receipts (GET /v1/consent/receipts/{eventId}, each with its inclusion proof against the"
                        + " newest checkpoint) and consistency proofs (GET /v1/consent/log/consistency?from=X&to=the"
                        + " newest checkpoint, X random), %d timed after %d untimed per kind and size;"
                        + " p50 / p99 / max in ms",
                USER,
                settings.proofRequests(),
                settings.proofWarmups()));
        for (Growth growth : growths) {
            growthRows(growth);
        }
        sizeRows(small, null, smallSize);
        sizeRows(big, small, smallSize);
        table.section("The log's tables at " + grouped(big.size()) + " leaves (pg_total_relation_size: the table, its"
                + " indexes and TOAST; PostgreSQL " + postgres.get("server_version") + ", shared_buffers "
                + postgres.get("shared_buffers") + " x 8 kB)");
        long total = 0;
        for (LogDatabase.TableSize size : sizes) {
            total += size.bytes();
            table.row(
                    "  " + size.table(),
                    fixed(size.bytes() / 1e6, 1),
                    "MB",
                    grouped(size.rows()) + " rows"
                            + (size.table().equals("transparency_pending")
                                    ? " (empty: the space the integrated queue left, until VACUUM reuses it)"
                                    : ""));
        }
        table.row(
                "  all of them", fixed(total / 1e6, 1), "MB", grouped((double) total / big.size()) + " bytes per leaf");
    }

    /** Waits until the queue is integrated and a checkpoint covers the tree. */
    private void settle(LogDatabase db) throws Exception {
        if (!db.awaitSettled(Duration.ofMinutes(2))) {
            throw new IllegalStateException("the log did not settle within 2 minutes: " + db.pending() + " queued, "
                    + db.size() + " leaves, newest checkpoint "
                    + db.newestCheckpoint().size());
        }
    }

    private List<Growth> grow(CamrollProcess service, LogDatabase db, long target, boolean decide) throws Exception {
        return grow(service, db, target, decide, null);
    }

    /**
     * Grows the log to {@code target} leaves by queued synthetic entries, {@code bench.logBacklog} per transaction (all
     * at once by default), each integration timed; with {@code user}, the user decides once, 1 s into the first one.
     */
    private List<Growth> grow(CamrollProcess service, LogDatabase db, long target, boolean decide, Decider user)
            throws Exception {
        List<Growth> growths = new ArrayList<>();
        boolean decided = false;
        for (long size = db.size(); size < target; size = db.size()) {
            long count = settings.backlog() == 0 ? target - size : Math.min(settings.backlog(), target - size);
            double load = awaitQuiet("integration of " + grouped(count) + " entries");
            Benchmarks.progress("proofs: queueing %,d entries after %,d leaves", count, size);
            long queueStart = System.nanoTime();
            Instant committed = db.queueSynthetic(count, SYNTHETIC_SUBJECTS, "bench-" + size + "-" + committedSeed());
            double queueSeconds = (System.nanoTime() - queueStart) / 1e9;
            long serviceCpu = service.cpuMillis();
            long postgresCpu = ProcessTreeCpu.postgres(service.dataDir());
            AtomicReference<Double> decisionSeconds = new AtomicReference<>(Double.NaN);
            Thread decision = null;
            if (decide && user != null && !decided) {
                decided = true;
                decision = new Thread(
                        () -> {
                            try {
                                Thread.sleep(1000);
                                long start = System.nanoTime();
                                user.toggle();
                                decisionSeconds.set((System.nanoTime() - start) / 1e9);
                            } catch (Exception e) {
                                synchronized (wrong) {
                                    wrong.add("the decision during the integration: " + e);
                                }
                            }
                        },
                        "decision-during-integration");
                decision.start();
            }
            LogDatabase.Integration integration = db.awaitIntegration(size + count, committed, Duration.ofMinutes(60));
            long serviceCpuAfter = service.cpuMillis();
            long postgresCpuAfter = ProcessTreeCpu.postgres(service.dataDir());
            if (decision != null) {
                decision.join();
            }
            Growth growth = new Growth(
                    size,
                    size + count,
                    queueSeconds,
                    integration,
                    Duration.between(committed, integration.done()).toNanos() / 1e9,
                    serviceCpuAfter - serviceCpu,
                    postgresCpuAfter - postgresCpu,
                    load,
                    decisionSeconds.get());
            Benchmarks.progress(
                    "proofs: %,d leaves integrated in %.2f s (%,.0f leaves/s)",
                    count, integration.duration().toNanos() / 1e9, growth.leavesPerSecond());
            growths.add(growth);
            settle(db);
        }
        return growths;
    }

    private static String committedSeed() {
        return Long.toHexString(System.nanoTime());
    }

    private void growthRows(Growth growth) {
        long count = growth.to() - growth.from();
        table.row(
                "log grows from " + grouped(growth.from()) + " to " + grouped(growth.to()) + " leaves: "
                        + grouped(count) + " entries queued in one INSERT",
                fixed(growth.queueSeconds(), 2),
                "s",
                "load average at the start " + fixed(growth.load(), 2));
        table.row(
                "  integrated by the service's sequencer",
                fixed(growth.integration().duration().toNanos() / 1e9, 2),
                "s",
                grouped(growth.leavesPerSecond()) + " leaves/s; " + fixed(growth.fromCommitSeconds(), 2)
                        + " s from the commit (the background integration runs every second)");
        table.row(
                "  service, PostgreSQL CPU meanwhile",
                fixed(growth.serviceCpuMillis() / 1000.0, 1) + ", " + fixed(growth.postgresCpuMillis() / 1000.0, 1),
                "s",
                fixed(1000.0 * (growth.serviceCpuMillis() + growth.postgresCpuMillis()) / count, 3)
                        + " ms of CPU per leaf");
        if (!Double.isNaN(growth.decisionSeconds())) {
            table.row(
                    "  a decision sent 1 s after the commit answered after",
                    fixed(growth.decisionSeconds(), 2),
                    "s",
                    "its proof waits for the whole queue");
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // The measurements at one size

    private AtSize atSize(CamrollProcess service, LogDatabase db, String token, String name) throws Exception {
        long size = db.newestCheckpoint().size();
        List<LogDatabase.Entry> entries = db.entries(USER);
        for (LogDatabase.Entry entry : entries) {
            if (entry.index() < 0) {
                throw new IllegalStateException("an entry of " + USER + " has no place in the log: " + entry.eventId());
            }
        }
        Benchmarks.progress("proofs at %,d leaves: %d entries of %s", size, entries.size(), USER);
        URI base = service.base();
        int n = Math.max(settings.proofRequests(), settings.proofWarmups());
        byte[][] receipts = new byte[entries.size()][];
        for (int i = 0; i < entries.size(); i++) {
            receipts[i] = KeepAliveConnection.request(
                    "GET", base, "/v1/consent/receipts/" + entries.get(i).eventId(), token);
        }
        Random random = new Random(size);
        long[] froms = new long[n];
        byte[][] consistency = new byte[n][];
        for (int i = 0; i < n; i++) {
            froms[i] = 1 + (long) (random.nextDouble() * (size - 1));
            consistency[i] = KeepAliveConnection.request(
                    "GET", base, "/v1/consent/log/consistency?from=" + froms[i] + "&to=" + size, null);
        }
        byte[] floor = KeepAliveConnection.request("GET", base, "/v1/consent", token);
        CountedLoop.Requests receiptRequests = i -> receipts[i % receipts.length];
        CountedLoop.Check receiptCheck = (i, answer) -> {
            LogDatabase.Entry entry = entries.get(i % entries.size());
            return answer.status() == 200
                            && answer.body().contains("\"proof\":\"" + PROOF_HEADER)
                            && answer.body().contains("\\nindex " + entry.index() + "\\n")
                    ? null
                    : "receipt " + entry.eventId() + ": " + answer.status() + " " + answer.body();
        };
        CountedLoop.Requests consistencyRequests = i -> consistency[i];
        CountedLoop.Check consistencyCheck = (i, answer) -> answer.status() == 200
                        && answer.body().contains("\"from\":" + froms[i] + ",")
                        && answer.body().contains("\"proof\":[\"")
                ? null
                : "consistency from " + froms[i] + ": " + answer.status() + " " + answer.body();
        CountedLoop.Check floorCheck =
                (i, answer) -> answer.status() == 200 ? null : "GET /v1/consent: " + answer.status();
        int widest = settings.proofConnections().stream().mapToInt(c -> c).max().orElse(1);

        Benchmarks.progress("proofs at %,d leaves: warming up", size);
        check(
                name + ", warm-up receipts",
                CountedLoop.run(base, widest, 0, settings.proofWarmups(), receiptRequests, receiptCheck));
        check(
                name + ", warm-up consistency",
                CountedLoop.run(base, widest, 0, settings.proofWarmups(), consistencyRequests, consistencyCheck));
        check(name + ", warm-up reads", CountedLoop.run(base, 1, 0, settings.proofWarmups(), i -> floor, floorCheck));

        List<String> loads = new ArrayList<>();
        Map<Integer, CountedLoop.Outcome> receiptOutcomes = new LinkedHashMap<>();
        Map<Integer, CountedLoop.Outcome> consistencyOutcomes = new LinkedHashMap<>();
        for (int connections : settings.proofConnections()) {
            loads.add(fixed(awaitQuiet(name + ": receipts at " + connections + " connection(s)"), 2));
            receiptOutcomes.put(
                    connections,
                    check(
                            name + ", receipts",
                            CountedLoop.run(
                                    base, connections, 0, settings.proofRequests(), receiptRequests, receiptCheck)));
            loads.add(fixed(awaitQuiet(name + ": consistency at " + connections + " connection(s)"), 2));
            consistencyOutcomes.put(
                    connections,
                    check(
                            name + ", consistency",
                            CountedLoop.run(
                                    base,
                                    connections,
                                    0,
                                    settings.proofRequests(),
                                    consistencyRequests,
                                    consistencyCheck)));
        }
        loads.add(fixed(awaitQuiet(name + ": GET /v1/consent"), 2));
        CountedLoop.Outcome floorOutcome =
                check(name + ", reads", CountedLoop.run(base, 1, 0, settings.proofRequests(), i -> floor, floorCheck));

        // The proof's own database work, done here with the service's statements.
        loads.add(fixed(awaitQuiet(name + ": the proof's statements over JDBC"), 2));
        Benchmarks.progress("proofs at %,d leaves: the proof's statements over JDBC", size);
        String plan = db.nodesPlan();
        List<UUID> randomEntries = db.randomPositions(n, size, size);
        for (int i = 0; i < settings.proofWarmups(); i++) {
            db.inclusionProof(entries.get(i % entries.size()).eventId());
            db.inclusionProof(randomEntries.get(i % randomEntries.size()));
            db.consistencyProof(froms[i], size);
        }
        int count = settings.proofRequests();
        long[] position = new long[count];
        long[] nodes = new long[count];
        long[] proof = new long[count];
        long[] randomProof = new long[count];
        long[] consistencyProof = new long[count];
        int maxHashes = 0;
        for (int i = 0; i < count; i++) {
            LogDatabase.ProofTiming timing =
                    db.inclusionProof(entries.get(i % entries.size()).eventId());
            position[i] = timing.positionNanos();
            nodes[i] = timing.nodesNanos();
            proof[i] = timing.totalNanos();
            maxHashes = Math.max(maxHashes, timing.hashes());
            LogDatabase.ProofTiming random2 = db.inclusionProof(randomEntries.get(i % randomEntries.size()));
            randomProof[i] = random2.totalNanos();
            maxHashes = Math.max(maxHashes, random2.hashes());
            consistencyProof[i] = db.consistencyProof(froms[i], size).totalNanos();
        }
        verify(service, db, token, entries, froms, size, name);
        return new AtSize(
                name,
                size,
                entries,
                receiptOutcomes,
                consistencyOutcomes,
                floorOutcome,
                CountedLoop.sortedCopy(position),
                CountedLoop.sortedCopy(nodes),
                CountedLoop.sortedCopy(proof),
                CountedLoop.sortedCopy(randomProof),
                CountedLoop.sortedCopy(consistencyProof),
                maxHashes,
                plan,
                loads);
    }

    /**
     * Checks, untimed, that what was timed is right: every receipt's proof verifies (client library's {@link Merkle},
     * a separate implementation) against its checkpoint's root, for the leaf the entry's hash and the proof's salt
     * make, which is the log's entry at that index; and 20 consistency proofs verify from the root of the smaller tree
     * (folded from the stored nodes) to the checkpoint's.
     */
    private void verify(
            CamrollProcess service,
            LogDatabase db,
            String token,
            List<LogDatabase.Entry> entries,
            long[] froms,
            long size,
            String name)
            throws Exception {
        int verified = 0;
        for (LogDatabase.Entry entry : entries) {
            JsonNode receipt = getJson(service.base(), "/v1/consent/receipts/" + entry.eventId(), token);
            String problem = inclusionProblem(db, entry, receipt.path("proof").asString());
            if (problem == null) {
                verified++;
            } else {
                wrong.add(name + ": the receipt of " + entry.eventId() + " at " + entry.index() + ": " + problem);
            }
        }
        LogDatabase.Checkpoint checkpoint = db.newestCheckpoint();
        int consistent = 0;
        int tries = Math.min(20, froms.length);
        for (int i = 0; i < tries; i++) {
            JsonNode answer = getJson(
                    service.base(), "/v1/consent/log/consistency?from=" + froms[i] + "&to=" + checkpoint.size(), null);
            List<byte[]> proof = new ArrayList<>();
            answer.path("proof").forEach(hash -> proof.add(Base64.getDecoder().decode(hash.asString())));
            if (Merkle.verifyConsistency(froms[i], checkpoint.size(), db.root(froms[i]), checkpoint.root(), proof)) {
                consistent++;
            } else {
                wrong.add(name + ": the consistency proof from " + froms[i] + " to " + checkpoint.size()
                        + " does not verify");
            }
        }
        Benchmarks.progress(
                "proofs at %,d leaves: %d of %d receipts' proofs and %d of %d consistency proofs verify",
                size, verified, entries.size(), consistent, tries);
    }

    /** Null when the C2SP tlog-proof proves the entry, else why not. */
    private static String inclusionProblem(LogDatabase db, LogDatabase.Entry entry, String text) throws Exception {
        if (text == null || !text.startsWith(PROOF_HEADER + "\n")) {
            return "no proof: " + text;
        }
        List<String> lines = Arrays.asList(text.split("\n", -1));
        byte[] salt = Base64.getDecoder().decode(lines.get(1).substring("extra ".length()));
        long index = Long.parseLong(lines.get(2).substring("index ".length()));
        List<byte[]> hashes = new ArrayList<>();
        int line = 3;
        for (; !lines.get(line).isEmpty(); line++) {
            hashes.add(Base64.getDecoder().decode(lines.get(line)));
        }
        // the checkpoint: origin, size, root, blank line, signatures
        long size = Long.parseLong(lines.get(line + 2));
        byte[] root = Base64.getDecoder().decode(lines.get(line + 3));
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(salt, "HmacSHA256"));
        byte[] leaf = mac.doFinal(entry.hash());
        if (index != entry.index()) {
            return "index " + index + ", the database says " + entry.index();
        }
        if (!Arrays.equals(leaf, db.leaf(index))) {
            return "HMAC(salt, entry hash) is not the log's entry at " + index;
        }
        if (!Merkle.verifyInclusion(index, size, Merkle.leafHash(leaf), hashes, root)) {
            return "the inclusion proof does not verify against the checkpoint of size " + size;
        }
        return null;
    }

    private void sizeRows(AtSize at, AtSize baseline, long smallSize) {
        table.section("  at " + grouped(at.size()) + " leaves" + (baseline == null ? " (the baseline)" : "")
                + "; load average at the start of each timed phase: " + String.join(", ", at.loads()));
        for (int connections : at.receipts().keySet()) {
            CountedLoop.Outcome receipts = at.receipts().get(connections);
            long[] all = receipts.sorted();
            String against = baseline == null
                    ? ""
                    : ratios(all, baseline.receipts().get(connections).sorted());
            double p99 = CountedLoop.percentileMillis(all, 0.99);
            table.row(
                    "  receipts with their proof, " + connections + " connection(s)",
                    CountedLoop.summary(all),
                    "ms",
                    grouped(receipts.perSecond()) + "/s" + against
                            + (baseline != null && connections == 1
                                    ? "; target p99 below 10 ms: " + RequestBenchmark.verdict(p99 < 10)
                                    : ""));
        }
        CountedLoop.Outcome single = at.receipts().values().iterator().next();
        int entries = at.entries().size();
        groupRow(at, single, entries, i -> at.entries().get(i).index() < smallSize / 2, "    entries at the start");
        groupRow(
                at,
                single,
                entries,
                i -> at.entries().get(i).index() >= smallSize / 2
                        && at.entries().get(i).index() < smallSize,
                "    entries after " + grouped(smallSize - settings.userEntries()) + " leaves");
        if (baseline != null) {
            groupRow(
                    at,
                    single,
                    entries,
                    i -> at.entries().get(i).index() >= smallSize,
                    "    entries after " + grouped(baseline.size()) + " leaves");
        }
        for (int connections : at.consistency().keySet()) {
            CountedLoop.Outcome consistency = at.consistency().get(connections);
            long[] all = consistency.sorted();
            String against = baseline == null
                    ? ""
                    : ratios(all, baseline.consistency().get(connections).sorted());
            table.row(
                    "  consistency proofs, " + connections + " connection(s)",
                    CountedLoop.summary(all),
                    "ms",
                    grouped(consistency.perSecond()) + "/s" + against);
        }
        long[] floor = at.floor().sorted();
        table.row(
                "  GET /v1/consent (no proof), 1 connection",
                CountedLoop.summary(floor),
                "ms",
                "the authenticated read's floor"
                        + (baseline == null
                                ? ""
                                : ratios(floor, baseline.floor().sorted())));
        table.row(
                "  the proof's statements over JDBC, for these receipts",
                CountedLoop.summary(at.dbProof()),
                "ms",
                "position " + fixed(CountedLoop.percentileMillis(at.dbPosition(), 0.5), 3) + " + nodes "
                        + fixed(CountedLoop.percentileMillis(at.dbNodes(), 0.5), 3) + " ms at p50; up to "
                        + at.maxHashes() + " hashes"
                        + (baseline == null ? "" : ratios(at.dbProof(), baseline.dbProof())));
        table.row(
                "  ... for random entries of the whole log",
                CountedLoop.summary(at.dbRandomProof()),
                "ms",
                baseline == null
                        ? ""
                        : ratios(at.dbRandomProof(), baseline.dbRandomProof()).substring(2));
        table.row("    the nodes statement's plan", at.plan(), "");
        table.row(
                "  ... a consistency proof's nodes",
                CountedLoop.summary(at.dbConsistency()),
                "ms",
                baseline == null
                        ? ""
                        : ratios(at.dbConsistency(), baseline.dbConsistency()).substring(2));
    }

    private void groupRow(AtSize at, CountedLoop.Outcome outcome, int entries, IntPredicate entry, String label) {
        long[] latencies = outcome.sorted(i -> entry.test(i % entries));
        if (latencies.length > 0) {
            table.row(label, CountedLoop.summary(latencies), "ms", latencies.length + " requests");
        }
    }

    /** "; p50 and p99 x and y times the small log's". */
    private static String ratios(long[] now, long[] then) {
        return "; p50, p99 "
                + fixed(CountedLoop.percentileMillis(now, 0.5) / CountedLoop.percentileMillis(then, 0.5), 2)
                + ", " + fixed(CountedLoop.percentileMillis(now, 0.99) / CountedLoop.percentileMillis(then, 0.99), 2)
                + " times the small log's";
    }

    private CountedLoop.Outcome check(String what, CountedLoop.Outcome outcome) {
        if (outcome.failed() > 0) {
            wrong.add(what + ": " + outcome.failed() + " wrong answers, e.g. " + outcome.failures());
        }
        return outcome;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Helpers

    /** The real user's decisions, one at a time: location_analysis given and withdrawn in turn, each with a proof. */
    private final class Decider {

        private final URI base;

        private final String token;

        private final Map<String, String> notices;

        private boolean given;

        Decider(URI base, String token, Map<String, String> notices) {
            this.base = base;
            this.token = token;
            this.notices = notices;
        }

        void give(String purpose) throws Exception {
            decide(purpose, Map.of("state", "GIVEN", "noticeVersion", notices.get(purpose)));
        }

        void toggle() throws Exception {
            if (given) {
                decide("location_analysis", Map.of("state", "WITHDRAWN"));
            } else {
                give("location_analysis");
            }
            given = !given;
        }

        private void decide(String purpose, Map<String, String> body) throws Exception {
            HttpRequest request = HttpRequest.newBuilder(base.resolve("/v1/consent/" + purpose))
                    .timeout(Duration.ofMinutes(60))
                    .header("Authorization", "Bearer " + token)
                    .header("Content-Type", "application/json")
                    .PUT(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)))
                    .build();
            HttpResponse<String> answer = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() != 200
                    || !JSON.readTree(answer.body())
                            .path("receipt")
                            .path("proof")
                            .asString("")
                            .startsWith(PROOF_HEADER)) {
                throw new IllegalStateException(
                        "PUT /v1/consent/" + purpose + " answered " + answer.statusCode() + " " + answer.body());
            }
        }
    }

    private JsonNode getJson(URI base, String path, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> answer = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() != 200) {
            throw new IllegalStateException("GET " + path + " answered " + answer.statusCode() + " " + answer.body());
        }
        return JSON.readTree(answer.body());
    }

    private static Map<String, String> notices(CamrollProcess service, String token) throws Exception {
        try (KeepAliveConnection connection = new KeepAliveConnection(service.base())) {
            KeepAliveConnection.Answer answer = connection.exchange(
                    KeepAliveConnection.request("GET", service.base(), "/v1/consent/purposes", token), true);
            Map<String, String> notices = new HashMap<>();
            for (JsonNode purpose : JSON.readTree(answer.body())) {
                notices.put(
                        purpose.path("purpose").asString(),
                        purpose.path("noticeVersion").asString());
            }
            return notices;
        }
    }

    /**
     * Waits until the machine's 1-minute load average is at most {@code bench.quietLoad}, checking every 30 s, at most
     * {@code bench.quietWaitMinutes}; answers the load average then.
     */
    private double awaitQuiet(String phase) throws InterruptedException {
        double load = Benchmarks.loadAverage();
        long deadline = System.nanoTime()
                + Duration.ofMinutes(settings.quietWaitMinutes()).toNanos();
        while (settings.quietLoad() > 0 && load > settings.quietLoad() && System.nanoTime() < deadline) {
            Benchmarks.progress("%s: load average %.2f above %.2f, waiting 30 s", phase, load, settings.quietLoad());
            Thread.sleep(30_000);
            load = Benchmarks.loadAverage();
        }
        if (load > settings.quietLoad() && settings.quietLoad() > 0) {
            Benchmarks.progress("%s: load average still %.2f, going on", phase, load);
        }
        return load;
    }

    private static double perRequest(long millis, long requests) {
        return requests == 0 ? Double.NaN : (double) millis / requests;
    }

    private static String fixed(double value, int decimals) {
        return RequestBenchmark.fixed(value, decimals);
    }

    private static String grouped(double value) {
        return String.format(Locale.ROOT, "%,.0f", value);
    }
}
