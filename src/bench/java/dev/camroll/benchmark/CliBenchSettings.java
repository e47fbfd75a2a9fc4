package dev.camroll.benchmark;

import java.nio.file.Path;
import java.util.List;

/**
 * What the CLI benchmark runs, from system properties ({@code -Dbench.photos=50}); an unset or empty property takes
 * the default, which is the setup: 1,000 photos of 3 MB.
 *
 * @param photos how many photos the folder holds
 * @param fileSize the size of each photo
 * @param uploads the command's {@code --uploads}, or 0 for its default
 * @param serverHeap the service's {@code -Xmx}
 * @param serverJvmArgs further JVM options for the service, space separated
 * @param jar the packaged service
 * @param cliJar the command's shaded jar ({@code java -jar}, as people run it)
 * @param cliJvmArgs the command's JVM options, space separated: by default those scripts/camroll starts it with
 * @param workRoot where the run's directory (photos, their copies, the data directory) is created
 * @param keep whether the run's directory stays after the run
 */
record CliBenchSettings(
        int photos,
        long fileSize,
        int uploads,
        String serverHeap,
        List<String> serverJvmArgs,
        Path jar,
        Path cliJar,
        List<String> cliJvmArgs,
        Path workRoot,
        boolean keep) {

    CliBenchSettings {
        if (photos < 1) {
            throw new IllegalArgumentException("bench.photos must be at least 1");
        }
        if (fileSize < 64 * 1024) {
            throw new IllegalArgumentException("bench.fileSize must be at least 64KiB: the photos are JPEGs");
        }
    }

    static CliBenchSettings fromSystemProperties() {
        return new CliBenchSettings(
                Integer.parseInt(BenchmarkSettings.property("bench.photos", "1000")),
                BenchmarkSettings.size(BenchmarkSettings.property("bench.fileSize", "3000000")),
                Integer.parseInt(BenchmarkSettings.property("bench.cliUploads", "0")),
                BenchmarkSettings.property("bench.serverHeap", "512m"),
                BenchmarkSettings.arguments(BenchmarkSettings.property("bench.serverJvmArgs", "")),
                BenchmarkSettings.jar(BenchmarkSettings.property("bench.jar", "")),
                Path.of(BenchmarkSettings.property("bench.cliJar", "cli/target/camroll-cli-0.1.0-SNAPSHOT-all.jar"))
                        .toAbsolutePath(),
                BenchmarkSettings.arguments(
                        BenchmarkSettings.property("bench.cliJvmArgs", "-XX:+UseSerialGC -Xmx128m")),
                Path.of(BenchmarkSettings.property("bench.dir", "target"))
                        .toAbsolutePath()
                        .normalize(),
                Boolean.parseBoolean(BenchmarkSettings.property("bench.keep", "false")));
    }
}
