package dev.camroll.benchmark;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

import dev.camroll.media.internal.BareAnalysis;

/**
 * The analysis benchmark's bare rate, in a JVM of its own started like the service (same {@code -Xmx} and JVM
 * options): the same files through {@link BareAnalysis} in a tight loop, from disk, by a number of threads that each
 * take the next file until none is left, exactly as the service's job workers take the next job. Started by
 * {@link AnalysisBenchmark}; it prints one machine-readable line per timed loop.
 *
 * <p>Arguments: the thread counts to time, comma separated ({@code 2,1}); how many of the listed files are warm-up
 * files; a text file listing the files, one path a line, warm-up files first. The warm-up files are analysed once,
 * with the first thread count, before anything is timed; every timed loop takes all the other files.
 */
public final class BareLoop {

    /** The prefix of each result line; a file the loop could not analyse is printed with {@code bare-failed}. */
    static final String RESULT = "bare-result";

    private BareLoop() {}

    public static void main(String[] args) throws Exception {
        List<Integer> threadCounts = new ArrayList<>();
        for (String count : args[0].split(",")) {
            threadCounts.add(Integer.parseInt(count.trim()));
        }
        int warmups = Integer.parseInt(args[1]);
        List<Path> all = Files.readAllLines(Path.of(args[2])).stream()
                .filter(line -> !line.isBlank())
                .map(Path::of)
                .toList();
        BareAnalysis analysis = new BareAnalysis();
        List<String> failures = new ArrayList<>();
        loop(analysis, all.subList(0, warmups), threadCounts.get(0), failures, new LongAdder());
        List<Path> timed = all.subList(warmups, all.size());
        for (int threads : threadCounts) {
            long pid = ProcessHandle.current().pid();
            CpuAccount before = CpuAccount.now();
            ThreadCpu threadsBefore = ThreadCpu.of(pid);
            long cpuBefore = cpuMillis();
            LongAdder workerNanos = new LongAdder();
            long nanos = loop(analysis, timed, threads, failures, workerNanos);
            long cpu = cpuMillis() - cpuBefore;
            // The loop's threads have ended, and /proc forgets them: they counted their own CPU time.
            ThreadCpu byThread = ThreadCpu.of(pid).since(threadsBefore).withWorkers(workerNanos.sum() / 1_000_000);
            CpuAccount after = CpuAccount.now();
            System.out.printf(
                    Locale.ROOT,
                    "%s threads=%d files=%d nanos=%d cpuMillis=%d others=%.3f steal=%.3f " + "threadCpu=%s%n",
                    RESULT,
                    threads,
                    timed.size(),
                    nanos,
                    cpu,
                    after.othersSince(before),
                    after.stealSince(before),
                    byThread.format());
        }
        for (String failure : failures) {
            System.out.println("bare-failed " + failure);
        }
        System.exit(failures.isEmpty() ? 0 : 1);
    }

    /**
     * Analyses every file once with {@code threads} threads; answers the wall time from the start to the last, and
     * adds the threads' CPU time to {@code cpuNanos}.
     */
    private static long loop(
            BareAnalysis analysis, List<Path> files, int threads, List<String> failures, LongAdder cpuNanos)
            throws InterruptedException {
        AtomicInteger next = new AtomicInteger();
        ConcurrentLinkedQueue<String> failed = new ConcurrentLinkedQueue<>();
        List<Thread> workers = new ArrayList<>();
        long start = System.nanoTime();
        for (int t = 0; t < threads; t++) {
            Thread worker = new Thread(
                    () -> {
                        for (int i = next.getAndIncrement(); i < files.size(); i = next.getAndIncrement()) {
                            try {
                                BareAnalysis.Outcome outcome = analysis.analyse(files.get(i));
                                if (outcome.width() <= 0
                                        || outcome.previewBytes() == 0
                                        || outcome.thumbnailBytes() == 0) {
                                    failed.add(files.get(i) + ": " + outcome);
                                }
                            } catch (RuntimeException e) {
                                failed.add(files.get(i) + ": " + e.getMessage());
                            }
                        }
                        cpuNanos.add(ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime());
                    },
                    "bare-" + (t + 1));
            worker.start();
            workers.add(worker);
        }
        for (Thread worker : workers) {
            worker.join();
        }
        long nanos = System.nanoTime() - start;
        failures.addAll(failed);
        return nanos;
    }

    private static long cpuMillis() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                        .getProcessCpuTime()
                / 1_000_000;
    }
}
