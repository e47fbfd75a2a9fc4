package dev.camroll.benchmark;

import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A closed loop of a fixed number of requests, for latencies rather than rates: {@code connections} client threads,
 * each with one keep-alive connection, take the next request number until {@code count} were sent, each sent as soon
 * as the thread's previous answer is in. Every answer is kept (bodies included) and checked; every latency is exact.
 */
final class CountedLoop {

    /** The request with number {@code i}, as bytes for {@link KeepAliveConnection#exchange}. */
    interface Requests {
        byte[] request(int i);
    }

    /** Checks the answer to request {@code i}: null when right, else what was wrong. */
    interface Check {
        String wrong(int i, KeepAliveConnection.Answer answer);
    }

    /**
     * The outcome.
     *
     * @param latencies the latency of request {@code i} at index {@code i}, in nanoseconds
     * @param nanos from the first request sent to the last answer
     * @param failures what was wrong with the first answers that were (at most 10)
     * @param failed how many answers were wrong in all
     */
    record Outcome(long[] latencies, long nanos, List<String> failures, long failed) {

        /** The latencies of the requests {@code include} accepts, sorted. */
        long[] sorted(java.util.function.IntPredicate include) {
            return java.util.stream.IntStream.range(0, latencies.length)
                    .filter(include)
                    .mapToLong(i -> latencies[i])
                    .sorted()
                    .toArray();
        }

        long[] sorted() {
            return sorted(i -> true);
        }

        double perSecond() {
            return latencies.length / (nanos / 1e9);
        }
    }

    private CountedLoop() {}

    /** Sends {@code warmups} untimed requests (numbered from 0 too), then {@code count} timed ones. */
    static Outcome run(URI base, int connections, int warmups, int count, Requests requests, Check check)
            throws InterruptedException {
        if (warmups > 0) {
            loop(base, connections, warmups, requests, check);
        }
        return loop(base, connections, count, requests, check);
    }

    private static Outcome loop(URI base, int connections, int count, Requests requests, Check check)
            throws InterruptedException {
        long[] latencies = new long[count];
        AtomicInteger next = new AtomicInteger();
        AtomicLong failed = new AtomicLong();
        AtomicLong lastAnswer = new AtomicLong();
        ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        List<Thread> threads = new ArrayList<>();
        long start = System.nanoTime();
        for (int t = 0; t < connections; t++) {
            Thread thread = new Thread(
                    () -> {
                        try (KeepAliveConnection connection = new KeepAliveConnection(base)) {
                            for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
                                byte[] request = requests.request(i);
                                long sent = System.nanoTime();
                                String wrong;
                                try {
                                    wrong = check.wrong(i, connection.exchange(request, true));
                                } catch (IOException | RuntimeException e) {
                                    wrong = e.toString();
                                }
                                long answered = System.nanoTime();
                                latencies[i] = answered - sent;
                                lastAnswer.accumulateAndGet(answered, Math::max);
                                if (wrong != null) {
                                    failed.incrementAndGet();
                                    if (failures.size() < 10) {
                                        failures.add(wrong);
                                    }
                                }
                            }
                        }
                    },
                    "counted-client-" + (t + 1));
            thread.start();
            threads.add(thread);
        }
        for (Thread thread : threads) {
            thread.join();
        }
        return new Outcome(latencies, lastAnswer.get() - start, List.copyOf(failures), failed.get());
    }

    /** The latency at quantile {@code q} of sorted nanoseconds, in milliseconds. */
    static double percentileMillis(long[] sorted, double q) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int index = (int) Math.ceil(q * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))] / 1e6;
    }

    /** p50, p99 and max of sorted nanoseconds, in milliseconds, as "p50 / p99 / max". */
    static String summary(long[] sorted) {
        return RequestBenchmark.fixed(percentileMillis(sorted, 0.5), 2) + " / "
                + RequestBenchmark.fixed(percentileMillis(sorted, 0.99), 2) + " / "
                + RequestBenchmark.fixed(percentileMillis(sorted, 1.0), 2);
    }

    static long[] sortedCopy(long[] values) {
        long[] copy = values.clone();
        Arrays.sort(copy);
        return copy;
    }
}
