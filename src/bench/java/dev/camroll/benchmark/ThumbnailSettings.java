package dev.camroll.benchmark;

import java.nio.file.Path;
import java.util.List;

import dev.camroll.jobs.JobSettings;

/**
 * What the thumbnail benchmark runs, from system properties ({@code -Dbench.photos=16}); an unset or empty property
 * takes the default, which is issue 16's setup: 120 photos of 12 MP, the service's default job workers,
 * {@code -Xmx512m}, as many {@code vipsthumbnail} processes as cores.
 *
 * @param photos how many 12 MP photos are timed, through vips and through the service
 * @param warmups how many further photos go first, untimed: through vips (page cache, shared libraries) and
 *     uploaded to the service and processed (its JIT compilers) before the clock starts
 * @param photoWidth the photos' stored width, in pixels
 * @param photoHeight the photos' stored height
 * @param workers the service's {@code camroll.jobs.workers} (by default the service's default,
 *     {@link JobSettings#defaultWorkers()})
 * @param vipsProcesses how many {@code vipsthumbnail} processes run at once, each on its share of the files
 * @param qualitySample how many of the timed photos have their previews compared with a reference
 * @param backlog whether the same photos are also uploaded with the workers off and then analysed as a backlog
 * @param serverHeap the service's {@code -Xmx}
 * @param serverJvmArgs further JVM options for the service, space separated
 * @param jar the packaged service
 * @param workRoot where the run's directory (files, vips' outputs, data directory, logs) is created
 * @param keep whether the run's directory stays after the run
 */
record ThumbnailSettings(
        int photos,
        int warmups,
        int photoWidth,
        int photoHeight,
        int workers,
        int vipsProcesses,
        int qualitySample,
        boolean backlog,
        String serverHeap,
        List<String> serverJvmArgs,
        Path jar,
        Path workRoot,
        boolean keep) {

    static ThumbnailSettings fromSystemProperties() {
        String[] size = BenchmarkSettings.property("bench.photoSize", "4000x3000")
                .toLowerCase()
                .split("x");
        return new ThumbnailSettings(
                Integer.parseInt(BenchmarkSettings.property("bench.photos", "120")),
                Integer.parseInt(BenchmarkSettings.property("bench.photoWarmups", "20")),
                Integer.parseInt(size[0].trim()),
                Integer.parseInt(size[1].trim()),
                Integer.parseInt(
                        BenchmarkSettings.property("bench.workers", String.valueOf(JobSettings.defaultWorkers()))),
                Integer.parseInt(BenchmarkSettings.property(
                        "bench.vipsProcesses",
                        String.valueOf(Runtime.getRuntime().availableProcessors()))),
                Integer.parseInt(BenchmarkSettings.property("bench.qualitySample", "10")),
                Boolean.parseBoolean(BenchmarkSettings.property("bench.backlog", "true")),
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
