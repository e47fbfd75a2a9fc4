package dev.camroll.benchmark;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * What {@code ./mvnw -q -Pbenchmark -DskipTests verify} runs: the benchmark {@code -Dbench.run} names,
 * {@code upload} (the default, {@link UploadBenchmark}), {@code analysis} ({@link AnalysisBenchmark}),
 * {@code suggestions} ({@link SuggestionBenchmark}), {@code purge} ({@link PurgeBenchmark}), {@code photos}
 * ({@link PhotoBenchmark}), {@code requests} ({@link RequestBenchmark}), {@code startup} ({@link StartupBenchmark}),
 * {@code thumbnails} ({@link ThumbnailBenchmark}), {@code cli} ({@link CliBenchmark}) or {@code all} (the nine, one
 * after the other); {@code cluster} runs the cluster rig ({@link dev.camroll.cluster.ClusterRig}), never part of
 * {@code all}. The exit status is non-zero when any of them had a wrong outcome.
 */
public final class Benchmarks {

    /** The benchmarks by their {@code -Dbench.run} name, in the order {@code all} runs them. */
    private static final Map<String, Callable<Integer>> RUNS = new LinkedHashMap<>();

    static {
        RUNS.put("upload", () -> UploadBenchmark.run(BenchmarkSettings.fromSystemProperties()));
        RUNS.put("analysis", () -> AnalysisBenchmark.run(AnalysisSettings.fromSystemProperties()));
        RUNS.put("suggestions", () -> SuggestionBenchmark.run(SuggestionBenchSettings.fromSystemProperties()));
        RUNS.put("purge", () -> PurgeBenchmark.run(PurgeBenchSettings.fromSystemProperties()));
        RUNS.put("photos", () -> PhotoBenchmark.run(PhotoBenchSettings.fromSystemProperties()));
        RUNS.put("requests", () -> RequestBenchmark.run(RequestSettings.fromSystemProperties()));
        RUNS.put("startup", () -> StartupBenchmark.run(StartupSettings.fromSystemProperties()));
        RUNS.put("thumbnails", () -> ThumbnailBenchmark.run(ThumbnailSettings.fromSystemProperties()));
        RUNS.put("cli", () -> CliBenchmark.run(CliBenchSettings.fromSystemProperties()));
    }

    private Benchmarks() {}

    public static void main(String[] args) throws Exception {
        String run = BenchmarkSettings.property("bench.run", "upload").toLowerCase(Locale.ROOT);
        int status;
        if (run.equals("cluster")) {
            // Not one of "all": the cluster rig is a run of its own (scripts/cluster-rig, docs/operations.md).
            status = dev.camroll.cluster.ClusterRig.run(
                    Path.of(BenchmarkSettings.property("bench.jar", "target/camroll.jar")),
                    Path.of(BenchmarkSettings.property("bench.dir", "target")));
        } else if (run.equals("transparency")) {
            // Not one of "all": a million leaves take minutes (TransparencyBenchmark, docs/benchmarks.md).
            status = TransparencyBenchmark.run(LogBenchSettings.fromSystemProperties());
        } else if (run.equals("all")) {
            status = 0;
            for (Callable<Integer> benchmark : RUNS.values()) {
                status = Math.max(status, benchmark.call());
                System.out.println();
            }
        } else if (RUNS.containsKey(run)) {
            status = RUNS.get(run).call();
        } else {
            System.err.println("-Dbench.run=" + run + ": expected " + String.join(", ", RUNS.keySet())
                    + ", transparency, cluster or all");
            status = 2;
        }
        System.exit(status);
    }

    /** Minutes in UTC, for the headers of the benchmarks' tables. */
    static final DateTimeFormatter MINUTE =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

    /** A benchmark's work in its run directory (files, data directory, logs); answers the exit status. */
    interface Measurement {
        int measure(Path runDir) throws Exception;
    }

    /**
     * Runs {@code measurement} in a new directory {@code prefix*} under {@code workRoot}, deleted afterwards unless
     * {@code keep}.
     */
    static int inRunDirectory(Path workRoot, String prefix, boolean keep, Measurement measurement) throws Exception {
        Files.createDirectories(workRoot);
        Path runDir = Files.createTempDirectory(workRoot, prefix);
        try {
            return measurement.measure(runDir);
        } finally {
            if (keep) {
                System.out.println("Kept " + runDir);
            } else {
                deleteTree(runDir);
            }
        }
    }

    /** The machine's load average over the last minute. */
    static double loadAverage() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    /** A progress line with the time of day. */
    static void progress(String format, Object... args) {
        System.out.printf("[%tT] %s%n", System.currentTimeMillis(), String.format(Locale.ROOT, format, args));
    }

    /** Deletes a directory and everything in it, if it exists. */
    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                Files.delete(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
