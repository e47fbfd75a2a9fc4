package dev.camroll.benchmark;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The CPU time of a JVM's threads by what they do, from {@code /proc/<pid>/task/<tid>/stat}, whose {@code comm} is
 * the Java thread name cut to 15 characters: the job workers (or the bare loop's threads), the image decoding pool,
 * the JIT compilers, the garbage collector, and everything else. A thread that ended between two readings takes its
 * time with it.
 */
record ThreadCpu(Map<String, Long> millis) {

    static final String WORKERS = "workers";

    static final String DECODE = "decode";

    static final String JIT = "JIT";

    static final String GC = "GC";

    static final String OTHER = "other";

    private static final String[] GROUPS = {WORKERS, DECODE, JIT, GC, OTHER};

    /** The threads' CPU time so far; empty when the process is gone. */
    static ThreadCpu of(long pid) {
        Map<String, Long> millis = empty();
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc", String.valueOf(pid), "task"))) {
            for (Path task : tasks) {
                try {
                    String stat = Files.readString(task.resolve("stat"));
                    String comm = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                    // After "(comm) ", field 12 is utime and 13 stime, in clock ticks of 10 ms.
                    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    millis.merge(
                            group(comm), (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * 10, Long::sum);
                } catch (IOException | RuntimeException ended) {
                    // the thread ended meanwhile
                }
            }
        } catch (IOException gone) {
            // the process ended
        }
        return new ThreadCpu(millis);
    }

    private static String group(String comm) {
        if (comm.startsWith("camroll-job-") || comm.startsWith("bare-")) {
            return WORKERS;
        }
        if (comm.startsWith("image-decode-")) {
            return DECODE;
        }
        if (comm.contains("CompilerThre")) {
            return JIT;
        }
        if (comm.startsWith("GC Thread") || comm.startsWith("G1 ")) {
            return GC;
        }
        return OTHER;
    }

    ThreadCpu since(ThreadCpu start) {
        Map<String, Long> millis = empty();
        for (String group : GROUPS) {
            millis.put(group, Math.max(0, this.millis.get(group) - start.millis.get(group)));
        }
        return new ThreadCpu(millis);
    }

    /** The same, with the workers' time counted elsewhere (threads that have ended). */
    ThreadCpu withWorkers(long workerMillis) {
        Map<String, Long> millis = new LinkedHashMap<>(this.millis);
        millis.put(WORKERS, workerMillis);
        return new ThreadCpu(millis);
    }

    /** As {@code workers:123,decode:456,...}. */
    String format() {
        return millis.entrySet().stream()
                .map(e -> e.getKey() + ":" + e.getValue())
                .collect(Collectors.joining(","));
    }

    static ThreadCpu parse(String text) {
        Map<String, Long> millis = empty();
        for (String pair : text.split(",")) {
            String[] parts = pair.split(":");
            millis.put(parts[0], Long.parseLong(parts[1]));
        }
        return new ThreadCpu(millis);
    }

    /** Per photo, in ms, in the order workers, decode, JIT, GC, other: {@code 61 + 64 + 5 + 9 + 1}. */
    String perPhoto(int photos) {
        return java.util.Arrays.stream(GROUPS)
                .map(group -> String.valueOf(millis.get(group) / Math.max(1, photos)))
                .collect(Collectors.joining(" + "));
    }

    private static Map<String, Long> empty() {
        Map<String, Long> millis = new LinkedHashMap<>();
        for (String group : GROUPS) {
            millis.put(group, 0L);
        }
        return millis;
    }
}
