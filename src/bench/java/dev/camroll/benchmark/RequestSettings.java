package dev.camroll.benchmark;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * What the requests benchmark runs, from system properties ({@code -Dbench.requestSeconds=5}); an unset or empty
 * property takes the default, which is the setup: 200 users on 16 connections.
 *
 * @param users users set up, each with {@code cloud_processing} given; reads and decisions spread over all of them
 * @param connections client threads, each with one keep-alive connection (and pgbench's clients)
 * @param warmupSeconds untimed load before each timed phase (JIT, connection pools, caches)
 * @param seconds each timed phase
 * @param rounds how often each pair (service and baseline) runs, the order alternating from round to round
 * @param parts {@code reads}, {@code decisions} or both, comma separated
 * @param serverHeap the service's {@code -Xmx}, and the minimal endpoint's
 * @param serverJvmArgs further JVM options for the service and the minimal endpoint, space separated
 * @param jar the packaged service
 * @param workRoot where the run's directory (data directory, logs, pgbench's files) is created
 * @param keep whether the run's directory stays after the run
 */
record RequestSettings(
        int users,
        int connections,
        int warmupSeconds,
        int seconds,
        int rounds,
        List<String> parts,
        String serverHeap,
        List<String> serverJvmArgs,
        Path jar,
        Path workRoot,
        boolean keep) {

    RequestSettings {
        if (users < connections || connections < 1 || warmupSeconds < 0 || seconds < 1 || rounds < 1) {
            throw new IllegalArgumentException("bench.requestUsers >= bench.connections >= 1,"
                    + " bench.requestWarmupSeconds >= 0, bench.requestSeconds >= 1 and bench.requestRounds >= 1");
        }
        for (String part : parts) {
            if (!part.equals("reads") && !part.equals("decisions")) {
                throw new IllegalArgumentException("bench.requestParts: reads, decisions or both, not " + part);
            }
        }
    }

    static RequestSettings fromSystemProperties() {
        return new RequestSettings(
                Integer.parseInt(BenchmarkSettings.property("bench.requestUsers", "200")),
                Integer.parseInt(BenchmarkSettings.property("bench.connections", "16")),
                Integer.parseInt(BenchmarkSettings.property("bench.requestWarmupSeconds", "10")),
                Integer.parseInt(BenchmarkSettings.property("bench.requestSeconds", "20")),
                Integer.parseInt(BenchmarkSettings.property("bench.requestRounds", "2")),
                Arrays.stream(BenchmarkSettings.property("bench.requestParts", "reads,decisions")
                                .split(","))
                        .map(part -> part.trim().toLowerCase(Locale.ROOT))
                        .filter(part -> !part.isEmpty())
                        .toList(),
                BenchmarkSettings.property("bench.serverHeap", "512m"),
                BenchmarkSettings.arguments(BenchmarkSettings.property("bench.serverJvmArgs", "")),
                BenchmarkSettings.jar(BenchmarkSettings.property("bench.jar", "")),
                Path.of(BenchmarkSettings.property("bench.dir", "target"))
                        .toAbsolutePath()
                        .normalize(),
                Boolean.parseBoolean(BenchmarkSettings.property("bench.keep", "false")));
    }
}
