package dev.camroll.benchmark;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The cost of small API calls against what the stack underneath allows, in one run (issue 16): reads
 * ({@code GET /v1/consent}) against {@link MinimalAuthenticatedEndpoint}, the same tokens checked by a Spring Boot
 * app that does nothing else, and consent decisions ({@code PUT /v1/consent/location_analysis}, each a ledger append
 * with a signed receipt) against {@link LedgerPgbench}, the same durable work as pgbench transactions on the service's
 * own PostgreSQL. Both sides of a pair get the same clients, connections and durations, in alternating order.
 */
final class RequestBenchmark {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** A user with a token, and the requests the clients send for it, prepared once. */
    record BenchUser(String subject, String token, byte[] read, byte[] give, byte[] withdraw) {}

    private final RequestSettings settings;

    private final Path runDir;

    private final ResultTable table = new ResultTable();

    private final List<String> wrong = new ArrayList<>();

    private RequestBenchmark(RequestSettings settings, Path runDir) {
        this.settings = settings;
        this.runDir = runDir;
    }

    static int run(RequestSettings settings) throws Exception {
        return Benchmarks.inRunDirectory(
                settings.workRoot(),
                "requests-benchmark-",
                settings.keep(),
                runDir -> new RequestBenchmark(settings, runDir).measure());
    }

    private int measure() throws Exception {
        double loadBefore = Benchmarks.loadAverage();
        Instant started = Instant.now();
        Path dataDir = runDir.resolve("data");
        Benchmarks.progress("starting the service (-Xmx%s, job workers on)", settings.serverHeap());
        try (CamrollProcess service = CamrollProcess.start(
                settings.jar(),
                dataDir,
                settings.serverHeap(),
                settings.serverJvmArgs(),
                runDir.resolve("service.log"))) {
            Map<String, String> notices = notices(service);
            List<BenchUser> users = setUp(service, notices);
            table.section(String.format(
                    Locale.ROOT,
                    "Requests benchmark, %s: %d users, %d connections, %d s warm-up + %d s timed per phase,"
                            + " %d round(s), the service -Xmx%s",
                    Benchmarks.MINUTE.format(started),
                    settings.users(),
                    settings.connections(),
                    settings.warmupSeconds(),
                    settings.seconds(),
                    settings.rounds(),
                    settings.serverHeap()));
            if (settings.parts().contains("reads")) {
                reads(service, users);
            }
            if (settings.parts().contains("decisions")) {
                decisions(service, users, notices.get("location_analysis"));
            }
        }
        table.section("Machine");
        table.row("load average before / after", fixed(loadBefore, 2) + " / " + fixed(Benchmarks.loadAverage(), 2), "");
        table.row("cores", String.valueOf(Runtime.getRuntime().availableProcessors()), "");
        System.out.println();
        table.print(System.out);
        for (String problem : wrong) {
            System.out.println("WRONG: " + problem);
        }
        return wrong.isEmpty() ? 0 : 1;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Reads

    private void reads(CamrollProcess service, List<BenchUser> users) throws Exception {
        Path keyFile = service.dataDir().resolve("keys").resolve("local-issuer.jwk.json");
        try (FloorProcess floor =
                FloorProcess.start(settings, keyFile, users.get(0).token(), runDir.resolve("floor.log"))) {
            List<byte[]> camrollReads = users.stream().map(BenchUser::read).toList();
            List<byte[]> floorReads = users.stream()
                    .map(user -> KeepAliveConnection.request(
                            "GET", floor.base(), MinimalAuthenticatedEndpoint.PATH, user.token()))
                    .toList();
            List<ClosedLoop.Outcome> camroll = new ArrayList<>();
            List<ClosedLoop.Outcome> minimal = new ArrayList<>();
            for (int round = 0; round < settings.rounds(); round++) {
                boolean camrollFirst = round % 2 == 0;
                for (int turn = 0; turn < 2; turn++) {
                    if ((turn == 0) == camrollFirst) {
                        Benchmarks.progress("reads, round %d: camroll GET /v1/consent", round + 1);
                        camroll.add(readLoad(service.base(), camrollReads, serviceProbes(service)));
                    } else {
                        Benchmarks.progress("reads, round %d: the minimal authenticated endpoint", round + 1);
                        minimal.add(readLoad(floor.base(), floorReads, floorProbes(service, floor)));
                    }
                }
            }
            ClosedLoop.Outcome ours = ClosedLoop.Outcome.merged(camroll);
            ClosedLoop.Outcome floorOutcome = ClosedLoop.Outcome.merged(minimal);
            table.section("Reads: GET /v1/consent (cloud_processing given) against " + MinimalAuthenticatedEndpoint.PATH
                    + " of the minimal authenticated endpoint, same tokens, HTTP/1.1 keep-alive");
            loadRows("camroll GET /v1/consent", ours, camroll, true, "request");
            double p99 = ours.percentileMillis(0.99);
            double cpu = perRequest(ours.serverCpuMillis(), ours.requests());
            table.row(
                    "  camroll: service CPU per request",
                    fixed(cpu, 3),
                    "ms",
                    "target at most 1 ms: " + verdict(cpu <= 1.0));
            table.row(
                    "  camroll: p99 at " + settings.connections() + " connections",
                    fixed(p99, 1),
                    "ms",
                    "target below 20 ms: " + verdict(p99 < 20));
            loadRows("minimal authenticated endpoint", floorOutcome, minimal, false, "request");
            table.row(
                    "camroll / minimal endpoint, requests/s",
                    fixed(ours.perSecond() / floorOutcome.perSecond(), 2),
                    "",
                    "service CPU per request: "
                            + fixed(cpu / perRequest(floorOutcome.serverCpuMillis(), floorOutcome.requests()), 1)
                            + " times the endpoint's");
            check("reads on camroll", ours);
            check("reads on the minimal endpoint", floorOutcome);
        }
    }

    private ClosedLoop.Outcome readLoad(URI base, List<byte[]> requests, ClosedLoop.Probes probes)
            throws IOException, InterruptedException {
        int threads = settings.connections();
        return ClosedLoop.run(
                base,
                threads,
                settings.warmupSeconds() * 1000L,
                settings.seconds() * 1000L,
                thread -> new ClosedLoop.Client() {
                    // each thread goes round all users, starting at its own place
                    private int next = thread * requests.size() / threads;

                    @Override
                    public String next(KeepAliveConnection connection) throws IOException {
                        int user = next;
                        next = (next + 1) % requests.size();
                        KeepAliveConnection.Answer answer = connection.exchange(requests.get(user), false);
                        return answer.status() == 200
                                ? null
                                : "GET for bench-user-" + (user + 1) + ": " + answer.status();
                    }
                },
                probes);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Decisions

    private void decisions(CamrollProcess service, List<BenchUser> users, String noticeVersion) throws Exception {
        // per user: decisions appended (each answered with a receipt), and whether location_analysis is given now
        AtomicIntegerArray appended = new AtomicIntegerArray(users.size());
        boolean[] given = new boolean[users.size()];
        boolean pgbenchInstalled = LedgerPgbench.installed();
        List<ClosedLoop.Outcome> camroll = new ArrayList<>();
        List<LedgerPgbench.Run> pgbench = new ArrayList<>();
        long pgbenchEntries = -1;
        long pgbenchWarmups = 0;
        long pgbenchExpected = -1;
        LedgerPgbench baseline = null;
        try {
            if (pgbenchInstalled) {
                baseline = LedgerPgbench.create(service.dataDir(), runDir, settings.users(), noticeVersion);
            }
            for (int round = 0; round < settings.rounds(); round++) {
                boolean camrollFirst = round % 2 == 0;
                for (int turn = 0; turn < 2; turn++) {
                    if ((turn == 0) == camrollFirst) {
                        Benchmarks.progress(
                                "decisions, round %d: camroll PUT /v1/consent/location_analysis", round + 1);
                        camroll.add(decisionLoad(service, users, given, appended));
                    } else if (baseline != null) {
                        Benchmarks.progress("decisions, round %d: pgbench, the ledger append's transaction", round + 1);
                        if (settings.warmupSeconds() > 0) {
                            pgbenchWarmups += baseline.run(settings.connections(), settings.warmupSeconds(), false)
                                    .transactions();
                        }
                        pgbench.add(baseline.run(settings.connections(), settings.seconds(), true));
                    }
                }
            }
            if (baseline != null) {
                pgbenchEntries = baseline.entries();
                pgbenchExpected = settings.users()
                        + pgbenchWarmups
                        + pgbench.stream()
                                .mapToLong(LedgerPgbench.Run::transactions)
                                .sum();
            }
        } finally {
            if (baseline != null) {
                baseline.close();
            }
        }
        ClosedLoop.Outcome ours = ClosedLoop.Outcome.merged(camroll);
        table.section("Consent decisions: PUT /v1/consent/location_analysis, GIVEN and WITHDRAWN in turn per user,"
                + " against pgbench doing a ledger append's durable work on the same cluster");
        loadRows("camroll PUT /v1/consent/location_analysis", ours, camroll, true, "request");
        double p99 = ours.percentileMillis(0.99);
        table.row(
                "  camroll: p99 at " + settings.connections() + " connections",
                fixed(p99, 1),
                "ms",
                "target below 50 ms: " + verdict(p99 < 50));
        if (!pgbenchInstalled) {
            table.row("pgbench", "SKIPPED", "", LedgerPgbench.PGBENCH + " missing: " + LedgerPgbench.INSTALL);
            table.row("camroll / pgbench", "SKIPPED", "", "target at least 0.5: no baseline");
        } else {
            LedgerPgbench.Run all = LedgerPgbench.Run.merged(pgbench);
            table.row(
                    "pgbench -M prepared -c " + settings.connections() + " -j 2: transactions/s",
                    grouped(all.tps()),
                    "/s",
                    "rounds: "
                            + String.join(
                                    ", ",
                                    pgbench.stream()
                                            .map(run -> grouped(run.tps()))
                                            .toList()));
            table.row("  pgbench: latency average (pgbench's)", fixed(all.latencyAverageMillis(), 2), "ms");
            table.row(
                    "  pgbench: latency p50, p99, p99.9 (its log)",
                    fixed(all.percentileMillis(0.5), 2) + ", " + fixed(all.percentileMillis(0.99), 2) + ", "
                            + fixed(all.percentileMillis(0.999), 2),
                    "ms");
            table.row(
                    "  pgbench: its CPU per transaction",
                    fixed(perRequest(all.pgbenchCpuMillis(), all.transactions()), 3),
                    "ms");
            table.row(
                    "  pgbench: PostgreSQL CPU per transaction",
                    fixed(perRequest(all.postgresCpuMillis(), all.transactions()), 3),
                    "ms");
            table.row("  pgbench: other processes' CPU meanwhile", fixed(all.others(), 2), "cores");
            double ratio = ours.perSecond() / all.tps();
            table.row(
                    "camroll / pgbench, per second",
                    fixed(ratio, 2),
                    "",
                    "target at least 0.5: " + verdict(ratio >= 0.5));
            table.row(
                    "  PostgreSQL CPU: camroll's per request / pgbench's per transaction",
                    fixed(
                            perRequest(ours.postgresCpuMillis(), ours.requests())
                                    / perRequest(all.postgresCpuMillis(), all.transactions()),
                            1),
                    "times");
            if (all.failed() > 0) {
                wrong.add("pgbench: " + all.failed() + " failed transactions");
            }
            if (pgbenchEntries != pgbenchExpected) {
                wrong.add("pgbench's ledger holds " + pgbenchEntries + " entries, expected " + pgbenchExpected
                        + " (one per user seeded, one per transaction)");
            }
        }
        check("decisions on camroll", ours);
        Benchmarks.progress("checking every user's ledger (GET /v1/consent/history)");
        table.row("  camroll: ledgers valid with every answered decision", ledgersMatch(service, users, appended), "");
    }

    private ClosedLoop.Outcome decisionLoad(
            CamrollProcess service, List<BenchUser> users, boolean[] given, AtomicIntegerArray appended)
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
                            return null;
                        }
                        return "PUT for " + user.subject() + ": " + answer.status() + " " + answer.body();
                    }
                },
                serviceProbes(service));
    }

    /** Whether every user's chain verifies and holds cloud_processing's entry plus one per answered decision. */
    private String ledgersMatch(CamrollProcess service, List<BenchUser> users, AtomicIntegerArray appended)
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
                    wrong.add("the ledger of " + user.subject() + ": " + answer.status() + " " + chain
                            + ", expected length " + expected);
                }
            }
        }
        return matching + " of " + users.size();
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Set-up, probes, rows

    private static Map<String, String> notices(CamrollProcess service) throws Exception {
        SyncClient client = new SyncClient(service);
        String token = client.token("bench-notices");
        try (KeepAliveConnection connection = new KeepAliveConnection(service.base())) {
            KeepAliveConnection.Answer answer = connection.exchange(
                    KeepAliveConnection.request("GET", service.base(), "/v1/consent/purposes", token), true);
            Map<String, String> notices = new java.util.HashMap<>();
            for (JsonNode purpose : JSON.readTree(answer.body())) {
                notices.put(
                        purpose.path("purpose").asString(),
                        purpose.path("noticeVersion").asString());
            }
            return notices;
        }
    }

    /** Tokens for every user (valid a day), and cloud_processing given, which location_analysis requires. */
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
                        KeepAliveConnection.request("GET", base, "/v1/consent", token),
                        KeepAliveConnection.request("PUT", base, "/v1/consent/location_analysis", token, give),
                        KeepAliveConnection.request("PUT", base, "/v1/consent/location_analysis", token, withdraw)));
            }
        }
        return users;
    }

    private static ClosedLoop.Probes serviceProbes(CamrollProcess service) {
        return new ClosedLoop.Probes(
                service::cpuMillis,
                () -> ProcessTreeCpu.postgres(service.dataDir()),
                () -> ProcessTreeCpu.machine(service.dataDir()));
    }

    private static ClosedLoop.Probes floorProbes(CamrollProcess service, FloorProcess floor) {
        return new ClosedLoop.Probes(
                () -> ProcessTreeCpu.ownOnly(floor.pid()),
                () -> ProcessTreeCpu.postgres(service.dataDir()),
                () -> ProcessTreeCpu.machine(service.dataDir()));
    }

    private void loadRows(
            String name, ClosedLoop.Outcome all, List<ClosedLoop.Outcome> rounds, boolean postgres, String unit) {
        table.row(
                name + ": requests/s",
                grouped(all.perSecond()),
                "/s",
                "rounds: "
                        + String.join(
                                ", ",
                                rounds.stream()
                                        .map(round -> grouped(round.perSecond()))
                                        .toList()) + "; " + all.requests() + " timed requests");
        table.row(
                "  latency p50, p99, p99.9",
                fixed(all.percentileMillis(0.5), 2) + ", " + fixed(all.percentileMillis(0.99), 2) + ", "
                        + fixed(all.percentileMillis(0.999), 2),
                "ms");
        table.row("  its server's CPU per " + unit, fixed(perRequest(all.serverCpuMillis(), all.requests()), 3), "ms");
        table.row(
                postgres ? "  PostgreSQL CPU per " + unit : "  PostgreSQL CPU per " + unit + " (camroll's idle loops)",
                fixed(perRequest(all.postgresCpuMillis(), all.requests()), 3),
                "ms");
        table.row(
                "  client CPU per " + unit,
                fixed(perRequest(all.clientCpuMillis(), all.requests()), 3),
                "ms",
                all.connects() + " TCP connections opened");
        table.row("  other processes' CPU meanwhile", fixed(all.others(), 2), "cores");
    }

    private void check(String what, ClosedLoop.Outcome outcome) {
        if (outcome.failed() > 0) {
            wrong.add(what + ": " + outcome.failed() + " wrong answers, e.g. " + outcome.failures());
        }
        if (outcome.requests() == 0) {
            wrong.add(what + ": no request answered in the timed phase");
        }
    }

    private static double perRequest(long millis, long requests) {
        return requests == 0 ? Double.NaN : (double) millis / requests;
    }

    static String verdict(boolean pass) {
        return pass ? "PASS" : "MISS";
    }

    static String fixed(double value, int decimals) {
        return String.format(Locale.ROOT, "%,." + decimals + "f", value);
    }

    private static String grouped(double value) {
        return String.format(Locale.ROOT, "%,.0f", value);
    }

    /**
     * {@link MinimalAuthenticatedEndpoint} in a JVM of its own, started like the service ({@code -Xmx}, JVM options),
     * from the benchmark's classpath.
     */
    static final class FloorProcess implements AutoCloseable {

        private final Process process;

        private final URI base;

        private FloorProcess(Process process, URI base) {
            this.process = process;
            this.base = base;
        }

        static FloorProcess start(RequestSettings settings, Path keyFile, String token, Path log)
                throws IOException, InterruptedException {
            int port;
            try (ServerSocket socket = new ServerSocket(0)) {
                port = socket.getLocalPort();
            }
            List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.add("-Xmx" + settings.serverHeap());
            command.addAll(settings.serverJvmArgs());
            command.add("-cp");
            command.add(System.getProperty("java.class.path"));
            command.add(MinimalAuthenticatedEndpoint.class.getName());
            command.add("--server.port=" + port);
            command.add("--bench.issuerKey=" + keyFile);
            Process process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            FloorProcess floor = new FloorProcess(process, URI.create("http://127.0.0.1:" + port));
            byte[] probe = KeepAliveConnection.request("GET", floor.base, MinimalAuthenticatedEndpoint.PATH, token);
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
            while (System.nanoTime() < deadline) {
                if (!process.isAlive()) {
                    throw new IllegalStateException(
                            "the minimal endpoint exited with " + process.exitValue() + "; see " + log);
                }
                try (KeepAliveConnection connection = new KeepAliveConnection(floor.base)) {
                    KeepAliveConnection.Answer answer = connection.exchange(probe, true);
                    if (answer.status() == 200) {
                        return floor;
                    }
                    throw new IllegalStateException("the minimal endpoint answered " + answer.status() + " "
                            + answer.body() + " to the service's token; see " + log);
                } catch (IOException notYet) {
                    Thread.sleep(200);
                }
            }
            floor.close();
            throw new IllegalStateException("the minimal endpoint was not ready after 2 minutes; see " + log);
        }

        URI base() {
            return base;
        }

        long pid() {
            return process.pid();
        }

        @Override
        public void close() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }
}
