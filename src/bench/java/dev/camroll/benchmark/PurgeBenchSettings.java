package dev.camroll.benchmark;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import dev.camroll.jobs.JobSettings;

/**
 * What the purge benchmark runs, from system properties ({@code -Dbench.purgeMedia=2000}); an unset or empty property
 * takes the default, which is the setup: a library of 10,000 media with an original, a preview and a
 * thumbnail each, purged on the filesystem store and on S3.
 *
 * @param purgeMedia media in the purged user's library and in the other user's, which must stay untouched
 * @param urgentMedia media of the user purged while another user's analysis backlog is queued
 * @param backlog {@code analyze-media} jobs queued for the other user just before that withdrawal (real JPEGs)
 * @param objectSize bytes of each seeded object (random)
 * @param stores {@code filesystem}, {@code s3} (S3Proxy in the benchmark's JVM) or both, comma separated
 * @param workers the service's {@code camroll.jobs.workers}
 * @param serverHeap the service's {@code -Xmx}
 * @param serverJvmArgs further JVM options for the service, space separated
 * @param jar the packaged service
 * @param workRoot where the run's directory (data directory, S3Proxy's bytes, log) is created
 * @param keep whether the run's directory stays after the run
 */
record PurgeBenchSettings(
        int purgeMedia,
        int urgentMedia,
        int backlog,
        int objectSize,
        List<String> stores,
        int workers,
        String serverHeap,
        List<String> serverJvmArgs,
        Path jar,
        Path workRoot,
        boolean keep) {

    PurgeBenchSettings {
        if (purgeMedia < 100 || urgentMedia < 1 || backlog < 0 || objectSize < 1) {
            throw new IllegalArgumentException(
                    "bench.purgeMedia >= 100, bench.urgentMedia >= 1, bench.purgeBacklog >= 0"
                            + " and bench.objectSize >= 1");
        }
        for (String store : stores) {
            if (!store.equals("filesystem") && !store.equals("s3")) {
                throw new IllegalArgumentException("bench.stores: filesystem, s3 or both, not " + store);
            }
        }
    }

    static PurgeBenchSettings fromSystemProperties() {
        return new PurgeBenchSettings(
                Integer.parseInt(BenchmarkSettings.property("bench.purgeMedia", "10000")),
                Integer.parseInt(BenchmarkSettings.property("bench.urgentMedia", "1000")),
                Integer.parseInt(BenchmarkSettings.property("bench.purgeBacklog", "1000")),
                (int) BenchmarkSettings.size(BenchmarkSettings.property("bench.objectSize", "3KiB")),
                Arrays.stream(BenchmarkSettings.property("bench.stores", "filesystem,s3")
                                .split(","))
                        .map(store -> store.trim().toLowerCase(Locale.ROOT))
                        .filter(store -> !store.isEmpty())
                        .toList(),
                Integer.parseInt(
                        BenchmarkSettings.property("bench.workers", String.valueOf(JobSettings.defaultWorkers()))),
                BenchmarkSettings.property("bench.serverHeap", "512m"),
                BenchmarkSettings.arguments(BenchmarkSettings.property("bench.serverJvmArgs", "")),
                BenchmarkSettings.jar(BenchmarkSettings.property("bench.jar", "")),
                Path.of(BenchmarkSettings.property("bench.dir", "target"))
                        .toAbsolutePath()
                        .normalize(),
                Boolean.parseBoolean(BenchmarkSettings.property("bench.keep", "false")));
    }
}
