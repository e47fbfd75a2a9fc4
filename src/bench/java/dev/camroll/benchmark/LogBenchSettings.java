package dev.camroll.benchmark;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * What the transparency log benchmark runs, from system properties ({@code -Dbench.logLeaves=100000}); an unset or
 * empty property takes the default, which is the setup: decisions at the requests benchmark's load (200 users,
 * 16 connections) before and after the log, and proofs at a million leaves against a log of a thousand.
 *
 * @param parts {@code decisions}, {@code proofs} or both, comma separated
 * @param baselineJar the service without the log (the "before" of the decisions part); without it that part is skipped
 * @param users users set up for the decisions, as {@code bench.requestUsers}
 * @param connections client threads of the decisions, as {@code bench.connections}
 * @param warmupSeconds untimed decisions before each timed phase, as {@code bench.requestWarmupSeconds}
 * @param seconds each timed phase of decisions, as {@code bench.requestSeconds}
 * @param rounds how often each jar runs the decisions, before then after in every round (A B A B for 2)
 * @param leaves the big log's size
 * @param smallLeaves the small log's size, the proofs' baseline
 * @param backlog entries queued per transaction while the log grows to {@code leaves}; 0 queues them all at once
 * @param userEntries decisions the real user makes at each place in the log (at the start, after the small log,
 *     after the big one)
 * @param proofRequests timed requests of each kind, size and connection count
 * @param proofWarmups untimed requests of each kind before the timed ones at each size
 * @param proofConnections the connection counts the proofs are timed at, comma separated
 * @param quietLoad the 1-minute load average each timed phase waits to fall to (0 waits never)
 * @param quietWaitMinutes how long a timed phase waits for it at most before going on anyway
 * @param serverHeap the service's {@code -Xmx}
 * @param serverJvmArgs further JVM options for the service, space separated
 * @param jar the packaged service with the log (the "after")
 * @param workRoot where the run's directory (data directories, logs) is created
 * @param keep whether the run's directory stays after the run
 */
record LogBenchSettings(
        List<String> parts,
        Path baselineJar,
        int users,
        int connections,
        int warmupSeconds,
        int seconds,
        int rounds,
        long leaves,
        long smallLeaves,
        long backlog,
        int userEntries,
        int proofRequests,
        int proofWarmups,
        List<Integer> proofConnections,
        double quietLoad,
        int quietWaitMinutes,
        String serverHeap,
        List<String> serverJvmArgs,
        Path jar,
        Path workRoot,
        boolean keep) {

    LogBenchSettings {
        for (String part : parts) {
            if (!part.equals("decisions") && !part.equals("proofs")) {
                throw new IllegalArgumentException("bench.logParts: decisions, proofs or both, not " + part);
            }
        }
        if (users < connections || connections < 1 || warmupSeconds < 0 || seconds < 1 || rounds < 1) {
            throw new IllegalArgumentException("bench.requestUsers >= bench.connections >= 1,"
                    + " bench.requestWarmupSeconds >= 0, bench.requestSeconds >= 1 and bench.logRounds >= 1");
        }
        // the real user's first entries and the synthetic ones of the small log must fit below smallLeaves
        if (smallLeaves < 4L * userEntries + 2 || leaves <= smallLeaves + 2L * userEntries || backlog < 0) {
            throw new IllegalArgumentException("bench.logLeaves > bench.logSmallLeaves >= 4 * bench.logUserEntries + 2,"
                    + " bench.logBacklog >= 0");
        }
        if (userEntries < 1 || proofRequests < 1 || proofWarmups < 0 || proofConnections.isEmpty()) {
            throw new IllegalArgumentException("bench.logUserEntries >= 1, bench.proofRequests >= 1,"
                    + " bench.proofWarmups >= 0, bench.proofConnections not empty");
        }
    }

    static LogBenchSettings fromSystemProperties() {
        String baseline = BenchmarkSettings.property("bench.baselineJar", "");
        return new LogBenchSettings(
                list(BenchmarkSettings.property("bench.logParts", "decisions,proofs")),
                baseline.isEmpty() ? null : Path.of(baseline).toAbsolutePath(),
                Integer.parseInt(BenchmarkSettings.property("bench.requestUsers", "200")),
                Integer.parseInt(BenchmarkSettings.property("bench.connections", "16")),
                Integer.parseInt(BenchmarkSettings.property("bench.requestWarmupSeconds", "10")),
                Integer.parseInt(BenchmarkSettings.property("bench.requestSeconds", "20")),
                Integer.parseInt(BenchmarkSettings.property("bench.logRounds", "2")),
                Long.parseLong(BenchmarkSettings.property("bench.logLeaves", "1000000")),
                Long.parseLong(BenchmarkSettings.property("bench.logSmallLeaves", "1000")),
                Long.parseLong(BenchmarkSettings.property("bench.logBacklog", "0")),
                Integer.parseInt(BenchmarkSettings.property("bench.logUserEntries", "8")),
                Integer.parseInt(BenchmarkSettings.property("bench.proofRequests", "2000")),
                Integer.parseInt(BenchmarkSettings.property("bench.proofWarmups", "2000")),
                list(BenchmarkSettings.property("bench.proofConnections", "1,4")).stream()
                        .map(Integer::parseInt)
                        .toList(),
                Double.parseDouble(BenchmarkSettings.property("bench.quietLoad", "0.8")),
                Integer.parseInt(BenchmarkSettings.property("bench.quietWaitMinutes", "10")),
                BenchmarkSettings.property("bench.serverHeap", "512m"),
                BenchmarkSettings.arguments(BenchmarkSettings.property("bench.serverJvmArgs", "")),
                BenchmarkSettings.jar(BenchmarkSettings.property("bench.jar", "")),
                Path.of(BenchmarkSettings.property("bench.dir", "target"))
                        .toAbsolutePath()
                        .normalize(),
                Boolean.parseBoolean(BenchmarkSettings.property("bench.keep", "false")));
    }

    private static List<String> list(String text) {
        return Arrays.stream(text.split(","))
                .map(part -> part.trim().toLowerCase(Locale.ROOT))
                .filter(part -> !part.isEmpty())
                .toList();
    }
}
