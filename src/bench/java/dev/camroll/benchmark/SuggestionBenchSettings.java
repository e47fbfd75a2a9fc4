package dev.camroll.benchmark;

import java.nio.file.Path;
import java.util.List;

import dev.camroll.jobs.JobSettings;

/**
 * What the suggestions benchmark runs, from system properties ({@code -Dbench.libraryPhotos=2000}); an unset or
 * empty property takes the default, which is the setup: a library of 10,000 photos built from scratch,
 * batches of 50 photos, collages of 9 and mosaics of 16 previews of 1280 x 960.
 *
 * @param libraryPhotos photos in each library built from scratch, at least 100
 * @param scratchUsers how many users get such a library and a build from scratch, one after the other. The first
 *     build runs code the service's JVM has never run (interpreted, then compiled meanwhile); the next ones show the
 *     same work on compiled code. The target is judged on the slowest
 * @param updatePhotos photos in each batch added to the first user's library afterwards, at least 20: 30 % of them
 *     join the latest moment, the others make a new one
 * @param updateRounds how many such batches, each followed by a build; the target is judged on the slowest
 * @param renders timed renders of each kind (collage, collage with decoding, mosaic)
 * @param renderWarmups untimed renders of each kind before them
 * @param workers the service's {@code camroll.jobs.workers}, by default the service's default
 *     ({@link JobSettings#defaultWorkers()}); the build is one job on one worker, the render jobs it queues use all
 * @param serverHeap the service's {@code -Xmx}
 * @param serverJvmArgs further JVM options for the service, space separated
 * @param jar the packaged service
 * @param workRoot where the run's directory (data directory, log) is created
 * @param keep whether the run's directory stays after the run
 */
record SuggestionBenchSettings(
        int libraryPhotos,
        int scratchUsers,
        int updatePhotos,
        int updateRounds,
        int renders,
        int renderWarmups,
        int workers,
        String serverHeap,
        List<String> serverJvmArgs,
        Path jar,
        Path workRoot,
        boolean keep) {

    SuggestionBenchSettings {
        if (libraryPhotos < 100) {
            throw new IllegalArgumentException("bench.libraryPhotos is at least 100, not " + libraryPhotos);
        }
        if (updatePhotos < 20) {
            // Fewer would leave the batch's new moment without the 4 distinct shots a collage needs, which the run
            // checks it gets.
            throw new IllegalArgumentException("bench.updatePhotos is at least 20, not " + updatePhotos);
        }
    }

    static SuggestionBenchSettings fromSystemProperties() {
        return new SuggestionBenchSettings(
                Integer.parseInt(BenchmarkSettings.property("bench.libraryPhotos", "10000")),
                Integer.parseInt(BenchmarkSettings.property("bench.scratchUsers", "2")),
                Integer.parseInt(BenchmarkSettings.property("bench.updatePhotos", "50")),
                Integer.parseInt(BenchmarkSettings.property("bench.updateRounds", "3")),
                Integer.parseInt(BenchmarkSettings.property("bench.renders", "30")),
                Integer.parseInt(BenchmarkSettings.property("bench.renderWarmups", "10")),
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
