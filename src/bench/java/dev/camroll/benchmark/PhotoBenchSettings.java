package dev.camroll.benchmark;

import java.nio.file.Path;
import java.util.List;

/**
 * What the photos benchmark runs, from system properties ({@code -Dbench.photos=24}); an unset or empty property takes
 * the default, which is the setup: 160 files of 4 MiB, four uploads at a time, three rounds.
 *
 * @param photos how many files each path takes in the timed rounds (the same files for all three paths)
 * @param fileSize the size of each file
 * @param warmups how many of the files (at most all) each path takes first, untimed (camroll as another user, the Node.js server
 *     into other upload resources): a fresh JVM runs the service's per-request code interpreted at first
 * @param rounds how many rounds the timed files are split into; each round takes its share through the three paths
 *     in a rotated order, so that a background load that comes and goes weighs on all of them alike
 * @param serverHeap the service's {@code -Xmx}
 * @param serverJvmArgs further JVM options for the service, space separated
 * @param jar the packaged service
 * @param tusNode the directory of the Node.js tus server ({@code scripts/bench/tus-node}, with its
 *     {@code node_modules} from {@code npm ci})
 * @param workRoot where the run's directory (files, data directory, the Node.js server's store) is created
 * @param keep whether the run's directory stays after the run
 */
record PhotoBenchSettings(
        int photos,
        long fileSize,
        int warmups,
        int rounds,
        String serverHeap,
        List<String> serverJvmArgs,
        Path jar,
        Path tusNode,
        Path workRoot,
        boolean keep) {

    /** Four at a time, as the issue measured it (and as many as the service lets one user stream at once). */
    static final int AT_ONCE = 4;

    PhotoBenchSettings {
        if (photos < rounds || rounds < 1) {
            throw new IllegalArgumentException("bench.photos (" + photos + ") must be at least bench.rounds (" + rounds
                    + "), which must be at least 1");
        }
        if (warmups < 0) {
            throw new IllegalArgumentException("bench.photoWarmups must not be negative");
        }
    }

    static PhotoBenchSettings fromSystemProperties() {
        int photos = Integer.parseInt(BenchmarkSettings.property("bench.photos", "160"));
        return new PhotoBenchSettings(
                photos,
                BenchmarkSettings.size(BenchmarkSettings.property("bench.fileSize", "4MiB")),
                // At most the files: the warm-ups are the first files, sent as another user (bench.photoWarmups may
                // be set for the analysis benchmark in the same run, whose warm-ups are files of their own).
                Math.min(
                        photos,
                        Integer.parseInt(BenchmarkSettings.property("bench.photoWarmups", String.valueOf(photos)))),
                Integer.parseInt(BenchmarkSettings.property("bench.rounds", "3")),
                BenchmarkSettings.property("bench.serverHeap", "512m"),
                BenchmarkSettings.arguments(BenchmarkSettings.property("bench.serverJvmArgs", "")),
                BenchmarkSettings.jar(BenchmarkSettings.property("bench.jar", "")),
                Path.of("scripts", "bench", "tus-node").toAbsolutePath(),
                Path.of(BenchmarkSettings.property("bench.dir", "target"))
                        .toAbsolutePath()
                        .normalize(),
                Boolean.parseBoolean(BenchmarkSettings.property("bench.keep", "false")));
    }
}
