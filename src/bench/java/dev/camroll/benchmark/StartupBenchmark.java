package dev.camroll.benchmark;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.ToLongFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Start-up of the embedded mode (issue 16): the packaged jar on a fresh data directory (initdb, every migration), then
 * stopped gracefully (SIGTERM) and started again on the same directory, several times, each timed from the process's
 * start to the first {@code 200} of {@code /actuator/health} (polled every 20 ms). Where the time goes comes from each
 * start's log: the timestamps of its first line, the embedded PostgreSQL ready, Flyway done, JPA ready, Tomcat
 * started and Spring Boot's "Started ... in X seconds".
 */
final class StartupBenchmark {

    private static final long HEALTH_POLL_MILLIS = 20;

    private static final long START_TIMEOUT_SECONDS = 180;

    /**
     * A phase as the log shows it: its name, how its first line is recognised, and how long before that line it
     * began, when the line says (the embedded PostgreSQL's "ready in N ms").
     */
    private record Phase(String name, Predicate<String> line, ToLongFunction<String> beganBefore) {

        Phase(String name, Predicate<String> line) {
            this(name, line, text -> 0);
        }
    }

    private static final Pattern READY_IN = Pattern.compile("ready in (\\d+) ms");

    private static final List<Phase> PHASES = List.of(
            new Phase("the JVM runs Spring Boot (\"Starting ... using Java\")", line -> line.contains(" using Java ")),
            new Phase(
                    "embedded PostgreSQL asked to start (its \"ready in N ms\" before)",
                    line -> line.contains("Embedded PostgreSQL ready"),
                    line -> {
                        Matcher ready = READY_IN.matcher(line);
                        return ready.find() ? Long.parseLong(ready.group(1)) : 0;
                    }),
            new Phase("embedded PostgreSQL ready", line -> line.contains("Embedded PostgreSQL ready")),
            new Phase(
                    "Flyway done (\"up to date\" or \"applied\")",
                    line -> line.contains("is up to date") || line.contains("Successfully applied")),
            new Phase("JPA ready (\"Initialized JPA EntityManagerFactory\")", line -> line.contains("Initialized JPA")),
            new Phase("Tomcat started", line -> line.contains("Tomcat started on port")),
            new Phase("\"Started ... in X seconds\"", line -> line.contains("Started ") && line.contains(" seconds")));

    /** One start: to healthy, the CPU it took, the log's phases (milliseconds from the process's start), the stop. */
    record Start(
            String name,
            long healthyMillis,
            long serviceCpuMillis,
            long postgresCpuMillis,
            Map<String, Long> phases,
            long stopMillis,
            int exitStatus) {}

    private final StartupSettings settings;

    private final Path runDir;

    private StartupBenchmark(StartupSettings settings, Path runDir) {
        this.settings = settings;
        this.runDir = runDir;
    }

    static int run(StartupSettings settings) throws Exception {
        return Benchmarks.inRunDirectory(
                settings.workRoot(),
                "startup-benchmark-",
                settings.keep(),
                runDir -> new StartupBenchmark(settings, runDir).measure());
    }

    private int measure() throws Exception {
        double loadBefore = Benchmarks.loadAverage();
        Instant began = Instant.now();
        Path dataDir = runDir.resolve("data");
        CpuAccount machine = ProcessTreeCpu.machine(dataDir);
        List<Start> starts = new ArrayList<>();
        List<String> wrong = new ArrayList<>();
        for (int i = 0; i <= settings.restarts(); i++) {
            String name = i == 0 ? "fresh data directory" : "restart " + i;
            Benchmarks.progress("start-up: %s", name);
            try {
                starts.add(start(name, dataDir, runDir.resolve("start-" + i + ".log")));
            } catch (IllegalStateException e) {
                wrong.add(name + ": " + e.getMessage());
                break;
            }
        }
        // pg_ctl detaches the postmaster, so nobody here reaps it: add what each start's PostgreSQL used
        CpuAccount end = ProcessTreeCpu.machine(dataDir);
        long postgres = starts.stream().mapToLong(Start::postgresCpuMillis).sum();
        double others = new CpuAccount(
                        end.busyMillis(), end.stealMillis(), end.elapsedMillis(), end.ownMillis() + postgres)
                .othersSince(machine);
        ResultTable table = new ResultTable();
        table.section(String.format(
                Locale.ROOT,
                "Start-up of the embedded mode, %s: java -Xmx%s -jar, to the first 200 of /actuator/health",
                Benchmarks.MINUTE.format(began),
                settings.serverHeap()));
        for (Start start : starts) {
            table.row(
                    start.name(),
                    seconds(start.healthyMillis()),
                    "s",
                    "CPU to healthy: service " + seconds(start.serviceCpuMillis()) + " s, PostgreSQL "
                            + seconds(start.postgresCpuMillis()) + " s; graceful stop " + seconds(start.stopMillis())
                            + " s (exit " + start.exitStatus() + ")");
        }
        List<Start> restarts = starts.subList(Math.min(1, starts.size()), starts.size());
        if (!restarts.isEmpty()) {
            long median =
                    median(restarts.stream().mapToLong(Start::healthyMillis).toArray());
            table.row(
                    "restart, median of " + restarts.size(),
                    seconds(median),
                    "s",
                    "target below 5 s: " + RequestBenchmark.verdict(median < 5000));
        }
        table.section("Where the time goes: milliseconds from the process's start, from each start's log");
        List<String> heading = new ArrayList<>(List.of("phase (first log line of)", ""));
        starts.forEach(start -> heading.add(start.name()));
        table.row(heading.toArray(String[]::new));
        for (Phase phase : PHASES) {
            List<String> row = new ArrayList<>(List.of("  " + phase.name(), ""));
            for (Start start : starts) {
                Long at = start.phases().get(phase.name());
                row.add(at == null ? "-" : String.format(Locale.ROOT, "%,d", at));
            }
            table.row(row.toArray(String[]::new));
        }
        List<String> healthy = new ArrayList<>(List.of("  /actuator/health 200 (polled)", ""));
        starts.forEach(start -> healthy.add(String.format(Locale.ROOT, "%,d", start.healthyMillis())));
        table.row(healthy.toArray(String[]::new));
        table.section("Machine");
        table.row(
                "load average before / after",
                RequestBenchmark.fixed(loadBefore, 2) + " / " + RequestBenchmark.fixed(Benchmarks.loadAverage(), 2),
                "");
        table.row("other processes' CPU meanwhile", RequestBenchmark.fixed(others, 2), "cores");
        System.out.println();
        table.print(System.out);
        wrong.forEach(problem -> System.out.println("WRONG: " + problem));
        return wrong.isEmpty() ? 0 : 1;
    }

    private Start start(String name, Path dataDir, Path log) throws IOException, InterruptedException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx" + settings.serverHeap());
        command.addAll(settings.serverJvmArgs());
        command.add("-jar");
        command.add(settings.jar().toString());
        command.add("--server.port=" + port);
        command.add("--camroll.data-dir=" + dataDir);
        URI base = URI.create("http://127.0.0.1:" + port);
        byte[] health = KeepAliveConnection.request("GET", base, "/actuator/health", null);
        long wallStart = System.currentTimeMillis();
        long started = System.nanoTime();
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        long healthy = -1;
        try {
            long deadline = started + TimeUnit.SECONDS.toNanos(START_TIMEOUT_SECONDS);
            while (healthy < 0 && System.nanoTime() < deadline) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("the service exited with " + process.exitValue() + "; see " + log);
                }
                try (KeepAliveConnection connection = new KeepAliveConnection(base)) {
                    if (connection.exchange(health, false).status() == 200) {
                        healthy = (System.nanoTime() - started) / 1_000_000;
                        continue;
                    }
                } catch (IOException notYet) {
                    // not listening yet
                }
                Thread.sleep(HEALTH_POLL_MILLIS);
            }
            if (healthy < 0) {
                throw new IllegalStateException("not healthy after " + START_TIMEOUT_SECONDS + " s; see " + log);
            }
            // the service's CPU includes initdb and pg_ctl, which it ran and reaped
            long serviceCpu = ProcessTreeCpu.of(process.toHandle());
            long postgresCpu = ProcessTreeCpu.postgres(dataDir);
            long stopping = System.nanoTime();
            process.destroy();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("did not stop within 60 s of SIGTERM; see " + log);
            }
            long stopMillis = (System.nanoTime() - stopping) / 1_000_000;
            return new Start(
                    name, healthy, serviceCpu, postgresCpu, phases(log, wallStart), stopMillis, process.exitValue());
        } finally {
            if (process.isAlive()) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    /** The first line of each phase in the log, in milliseconds after {@code wallStart}. */
    private static Map<String, Long> phases(Path log, long wallStart) throws IOException {
        Map<String, Long> found = new LinkedHashMap<>();
        for (String line : Files.readAllLines(log)) {
            Long at = timestamp(line);
            if (at == null) {
                continue;
            }
            for (Phase phase : PHASES) {
                if (!found.containsKey(phase.name()) && phase.line().test(line)) {
                    found.put(phase.name(), at - phase.beganBefore().applyAsLong(line) - wallStart);
                }
            }
        }
        return found;
    }

    /** The time a log line starts with (Spring Boot's pattern: an ISO date-time, with or without offset). */
    private static Long timestamp(String line) {
        int space = line.indexOf(' ');
        if (space < 19) {
            return null;
        }
        String text = line.substring(0, space);
        try {
            return OffsetDateTime.parse(text).toInstant().toEpochMilli();
        } catch (DateTimeParseException noOffset) {
            try {
                return LocalDateTime.parse(text.replace(' ', 'T'))
                        .atZone(ZoneId.systemDefault())
                        .toInstant()
                        .toEpochMilli();
            } catch (DateTimeParseException notATime) {
                return null;
            }
        }
    }

    private static long median(long[] values) {
        long[] sorted = values.clone();
        java.util.Arrays.sort(sorted);
        return sorted.length % 2 == 1
                ? sorted[sorted.length / 2]
                : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
    }

    private static String seconds(long millis) {
        return String.format(Locale.ROOT, "%.2f", millis / 1000.0);
    }
}
