package dev.camroll.benchmark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * What the benchmark runs, from system properties ({@code -Dbench.uploads=4}); an unset or empty property takes the
 * default, which is the setup: 12 parallel uploads of 160 MiB against a service with {@code -Xmx256m}.
 *
 * @param uploads how many files are generated; all of them are uploaded one at a time (throughput) and then in
 *     parallel (memory)
 * @param fileSize the size of each file
 * @param warmups how many uploads (and raw copies) warm both paths up before anything is timed. The service reads a
 *     request body 8 KiB at a time, and its copy loop ({@code FilesystemStaging.append}) was compiled by C2 only
 *     after about 0.7 GB (measured with {@code -XX:+PrintCompilation}); less warm-up timed the interpreter
 * @param warmupSize the size of each, by default the file size
 * @param serverHeap the service's {@code -Xmx}
 * @param serverJvmArgs further JVM options for the service, space separated (e.g. {@code -XX:NativeMemoryTracking=summary})
 * @param jar the packaged service
 * @param workRoot where the run's directory (generated files, the service's data directory) is created; it decides
 *     which filesystem is measured
 * @param keep whether the run's directory stays after the run (for a look at the service's log)
 */
record BenchmarkSettings(
        int uploads,
        long fileSize,
        int warmups,
        long warmupSize,
        String serverHeap,
        List<String> serverJvmArgs,
        Path jar,
        Path workRoot,
        boolean keep) {

    static final long MIB = 1024 * 1024;

    static BenchmarkSettings fromSystemProperties() {
        long fileSize = size(property("bench.fileSize", "160MiB"));
        return new BenchmarkSettings(
                Integer.parseInt(property("bench.uploads", "12")),
                fileSize,
                Integer.parseInt(property("bench.warmups", "6")),
                size(property("bench.warmupSize", String.valueOf(fileSize))),
                property("bench.serverHeap", "256m"),
                arguments(property("bench.serverJvmArgs", "")),
                jar(property("bench.jar", "")),
                Path.of(property("bench.dir", "target")).toAbsolutePath().normalize(),
                Boolean.parseBoolean(property("bench.keep", "false")));
    }

    static String property(String name, String fallback) {
        String value = System.getProperty(name);
        return value == null || value.isBlank() ? fallback : value.trim();
    }

    /** A size in bytes, or with a binary suffix: {@code 160MiB}, {@code 8m}, {@code 1GiB}. */
    static long size(String text) {
        String value = text.toLowerCase(Locale.ROOT).replace("ib", "").replace("b", "");
        long unit = switch (value.charAt(value.length() - 1)) {
            case 'k' -> 1024L;
            case 'm' -> MIB;
            case 'g' -> 1024 * MIB;
            default -> 1L;
        };
        String digits = unit == 1 ? value : value.substring(0, value.length() - 1);
        return Long.parseLong(digits.trim()) * unit;
    }

    static List<String> arguments(String text) {
        return text.isEmpty() ? List.of() : new ArrayList<>(Arrays.asList(text.split("\\s+")));
    }

    /** The given jar, else the one {@code ./mvnw package} left in target. */
    static Path jar(String given) {
        if (!given.isEmpty()) {
            return Path.of(given).toAbsolutePath();
        }
        try (DirectoryStream<Path> jars = Files.newDirectoryStream(Path.of("target"), "camroll-*.jar")) {
            for (Path jar : jars) {
                if (!jar.toString().endsWith("-plain.jar")) {
                    return jar.toAbsolutePath();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("no target directory; run ./mvnw package first", e);
        }
        throw new IllegalStateException("no target/camroll-*.jar; run ./mvnw package first");
    }
}
