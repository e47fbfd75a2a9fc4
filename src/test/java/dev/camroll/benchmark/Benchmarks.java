package dev.camroll.benchmark;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Locale;

/**
 * What {@code ./mvnw -q -Pbenchmark -DskipTests verify} runs: the benchmark {@code -Dbench.run} names,
 * {@code upload} (the default, {@link UploadBenchmark}), {@code analysis} ({@link AnalysisBenchmark}),
 * {@code suggestions} ({@link SuggestionBenchmark}) or {@code all} (the three, one after the other). The exit status
 * is non-zero when any of them had a wrong outcome.
 */
public final class Benchmarks {

    private Benchmarks() {
    }

    public static void main(String[] args) throws Exception {
        String run = BenchmarkSettings.property("bench.run", "upload").toLowerCase(Locale.ROOT);
        int status = switch (run) {
            case "upload" -> UploadBenchmark.run(BenchmarkSettings.fromSystemProperties());
            case "analysis" -> AnalysisBenchmark.run(AnalysisSettings.fromSystemProperties());
            case "suggestions" -> SuggestionBenchmark.run(SuggestionBenchSettings.fromSystemProperties());
            case "all" -> {
                int upload = UploadBenchmark.run(BenchmarkSettings.fromSystemProperties());
                System.out.println();
                int analysis = AnalysisBenchmark.run(AnalysisSettings.fromSystemProperties());
                System.out.println();
                int suggestions = SuggestionBenchmark.run(SuggestionBenchSettings.fromSystemProperties());
                yield Math.max(upload, Math.max(analysis, suggestions));
            }
            default -> {
                System.err.println("-Dbench.run=" + run + ": expected upload, analysis, suggestions or all");
                yield 2;
            }
        };
        System.exit(status);
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
