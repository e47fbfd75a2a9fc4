package dev.camroll.benchmark;

import java.nio.file.Path;
import java.util.List;

import dev.camroll.jobs.JobSettings;

/**
 * What the analysis benchmark runs, from system properties ({@code -Dbench.photos=20}); an unset or empty property
 * takes the default, which is the setup: 12 MP JPEGs, the service's default job workers, a batch of 500
 * photos with hostile and broken files, {@code -Xmx512m}.
 *
 * @param photos how many 12 MP photos are timed, in the bare loop and through the queue
 * @param warmups how many further photos go first, untimed, in both (the queue takes them first as they are
 *     uploaded first). A fresh JVM runs interpreted code and compiles it; the service has far more code on each
 *     job's path than the bare loop, and its JIT compilers took 70 ms of CPU per photo over the first 20 photos after
 *     4 warm-up ones, and still about 20 ms around the 300th (measured on 2 cores, 2026-11-27)
 * @param photoWidth the photos' stored width, in pixels
 * @param photoHeight the photos' stored height
 * @param workers the service's {@code camroll.jobs.workers} (by default the service's default,
 *     {@link JobSettings#defaultWorkers()}), and the bare loop's threads
 * @param batchPhotos how many good photos (1 to 12 MP) the settling phase uploads with the bad files
 * @param serverHeap the {@code -Xmx} of the service and of the bare loop's JVM
 * @param serverJvmArgs further JVM options for both, space separated
 * @param jar the packaged service
 * @param workRoot where the run's directory (files, data directory, logs) is created
 * @param keep whether the run's directory stays after the run
 */
record AnalysisSettings(
        int photos,
        int warmups,
        int photoWidth,
        int photoHeight,
        int workers,
        int batchPhotos,
        String serverHeap,
        List<String> serverJvmArgs,
        Path jar,
        Path workRoot,
        boolean keep) {

    static AnalysisSettings fromSystemProperties() {
        String[] size = BenchmarkSettings.property("bench.photoSize", "4000x3000")
                .toLowerCase()
                .split("x");
        return new AnalysisSettings(
                Integer.parseInt(BenchmarkSettings.property("bench.photos", "100")),
                Integer.parseInt(BenchmarkSettings.property("bench.photoWarmups", "60")),
                Integer.parseInt(size[0].trim()),
                Integer.parseInt(size[1].trim()),
                Integer.parseInt(
                        BenchmarkSettings.property("bench.workers", String.valueOf(JobSettings.defaultWorkers()))),
                Integer.parseInt(BenchmarkSettings.property("bench.batchPhotos", "500")),
                BenchmarkSettings.property("bench.serverHeap", "512m"),
                BenchmarkSettings.arguments(BenchmarkSettings.property("bench.serverJvmArgs", "")),
                BenchmarkSettings.jar(BenchmarkSettings.property("bench.jar", "")),
                Path.of(BenchmarkSettings.property("bench.dir", "target"))
                        .toAbsolutePath()
                        .normalize(),
                Boolean.parseBoolean(BenchmarkSettings.property("bench.keep", "false")));
    }

    double megapixels() {
        return photoWidth * (double) photoHeight / 1e6;
    }
}
