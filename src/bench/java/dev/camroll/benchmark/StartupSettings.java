package dev.camroll.benchmark;

import java.nio.file.Path;
import java.util.List;

/**
 * What the start-up benchmark runs, from system properties ({@code -Dbench.restarts=5}); an unset or empty property
 * takes the default: a start on a fresh data directory and 3 restarts on it.
 *
 * @param restarts how many times the service is stopped (SIGTERM) and started again on the same data directory
 * @param serverHeap the service's {@code -Xmx}
 * @param serverJvmArgs further JVM options for the service, space separated (e.g. {@code -XX:SharedArchiveFile=...})
 * @param jar the packaged service
 * @param workRoot where the run's directory (data directory, one log per start) is created
 * @param keep whether the run's directory stays after the run
 */
record StartupSettings(
        int restarts, String serverHeap, List<String> serverJvmArgs, Path jar, Path workRoot, boolean keep) {

    StartupSettings {
        if (restarts < 1) {
            throw new IllegalArgumentException("bench.restarts >= 1");
        }
    }

    static StartupSettings fromSystemProperties() {
        return new StartupSettings(
                Integer.parseInt(BenchmarkSettings.property("bench.restarts", "3")),
                BenchmarkSettings.property("bench.serverHeap", "512m"),
                BenchmarkSettings.arguments(BenchmarkSettings.property("bench.serverJvmArgs", "")),
                BenchmarkSettings.jar(BenchmarkSettings.property("bench.jar", "")),
                Path.of(BenchmarkSettings.property("bench.dir", "target"))
                        .toAbsolutePath()
                        .normalize(),
                Boolean.parseBoolean(BenchmarkSettings.property("bench.keep", "false")));
    }
}
