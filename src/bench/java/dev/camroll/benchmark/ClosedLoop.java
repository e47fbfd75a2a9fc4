package dev.camroll.benchmark;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;
import java.util.function.LongSupplier;

/**
 * Closed-loop load: each client thread has one keep-alive connection and sends its next request as soon as the
 * previous answer is in, first for a warm-up, then for the timed phase. Only requests started in the timed phase are
 * counted and timed; the server's CPU is read when the timed phase starts and ends.
 */
final class ClosedLoop {

    /** One client thread's requests: sends the next one and says whether its answer was right. */
    interface Client {

        /** Sends the next request; answers null when the answer was right, else what was wrong. */
        String next(KeepAliveConnection connection) throws IOException;
    }

    /** What the server spent, read at the start and the end of the timed phase. */
    record Probes(LongSupplier serverCpuMillis, LongSupplier postgresCpuMillis, MachineReading machine) {}

    /** A reading of the whole machine's CPU, for other processes' load. */
    interface MachineReading {
        CpuAccount now() throws IOException;
    }

    /**
     * The timed phase's outcome.
     *
     * @param latencies every timed request's latency in nanoseconds, sorted
     * @param nanos from the timed phase's start to its last answer
     * @param clientCpuMillis the client threads' CPU during the timed phase
     * @param others other processes' CPU meanwhile, in cores
     * @param failures what was wrong with the first answers that were (at most 10), and how many there were in all
     */
    record Outcome(
            long[] latencies,
            long nanos,
            long serverCpuMillis,
            long postgresCpuMillis,
            long clientCpuMillis,
            double others,
            long warmupRequests,
            int connects,
            List<String> failures,
            long failed) {

        long requests() {
            return latencies.length;
        }

        double perSecond() {
            return latencies.length / (nanos / 1e9);
        }

        /** The latency at quantile {@code q} (0.99), in milliseconds. */
        double percentileMillis(double q) {
            if (latencies.length == 0) {
                return Double.NaN;
            }
            int index = (int) Math.ceil(q * latencies.length) - 1;
            return latencies[Math.max(0, Math.min(latencies.length - 1, index))] / 1e6;
        }

        /** Merges the outcomes of several rounds: their requests, times and CPU add up. */
        static Outcome merged(List<Outcome> rounds) {
            long[] all = rounds.stream()
                    .flatMapToLong(round -> Arrays.stream(round.latencies))
                    .sorted()
                    .toArray();
            List<String> failures = new ArrayList<>();
            rounds.forEach(round -> failures.addAll(round.failures));
            double elapsed = rounds.stream().mapToLong(Outcome::nanos).sum();
            return new Outcome(
                    all,
                    (long) elapsed,
                    rounds.stream().mapToLong(Outcome::serverCpuMillis).sum(),
                    rounds.stream().mapToLong(Outcome::postgresCpuMillis).sum(),
                    rounds.stream().mapToLong(Outcome::clientCpuMillis).sum(),
                    rounds.stream()
                                    .mapToDouble(round -> round.others * round.nanos)
                                    .sum()
                            / elapsed,
                    rounds.stream().mapToLong(Outcome::warmupRequests).sum(),
                    rounds.stream().mapToInt(Outcome::connects).sum(),
                    failures.subList(0, Math.min(10, failures.size())),
                    rounds.stream().mapToLong(Outcome::failed).sum());
        }
    }

    private ClosedLoop() {}

    /** Runs {@code threads} clients against {@code base}: {@code warmupMillis} untimed, then {@code timedMillis}. */
    static Outcome run(
            URI base, int threads, long warmupMillis, long timedMillis, IntFunction<Client> clients, Probes probes)
            throws IOException, InterruptedException {
        ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
        long start = System.nanoTime();
        long timedStart = start + warmupMillis * 1_000_000;
        long end = timedStart + timedMillis * 1_000_000;
        ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        AtomicLong failed = new AtomicLong();
        AtomicLong warmups = new AtomicLong();
        AtomicLong clientCpu = new AtomicLong();
        AtomicLong lastAnswer = new AtomicLong(timedStart);
        long[][] latencies = new long[threads][];
        int[] connects = new int[threads];
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int index = t;
            Client client = clients.apply(t);
            Thread worker = new Thread(
                    () -> {
                        long[] timed = new long[1024];
                        int count = 0;
                        long cpuAtStart = -1;
                        try (KeepAliveConnection connection = new KeepAliveConnection(base)) {
                            for (long sent = System.nanoTime(); sent < end; sent = System.nanoTime()) {
                                boolean counted = sent >= timedStart;
                                if (counted && cpuAtStart < 0) {
                                    cpuAtStart = cpu.getCurrentThreadCpuTime();
                                }
                                String wrong;
                                try {
                                    wrong = client.next(connection);
                                } catch (IOException | RuntimeException e) {
                                    wrong = e.toString();
                                }
                                long answered = System.nanoTime();
                                if (wrong != null) {
                                    failed.incrementAndGet();
                                    if (failures.size() < 10) {
                                        failures.add(wrong);
                                    }
                                }
                                if (!counted) {
                                    warmups.incrementAndGet();
                                    continue;
                                }
                                if (count == timed.length) {
                                    timed = Arrays.copyOf(timed, count * 2);
                                }
                                timed[count++] = answered - sent;
                                lastAnswer.accumulateAndGet(answered, Math::max);
                            }
                            connects[index] = connection.connects();
                        }
                        if (cpuAtStart >= 0) {
                            clientCpu.addAndGet((cpu.getCurrentThreadCpuTime() - cpuAtStart) / 1_000_000);
                        }
                        latencies[index] = Arrays.copyOf(timed, count);
                    },
                    "client-" + (t + 1));
            worker.start();
            workers.add(worker);
        }
        sleepUntil(timedStart);
        CpuAccount machine = probes.machine().now();
        long server = probes.serverCpuMillis().getAsLong();
        long postgres = probes.postgresCpuMillis().getAsLong();
        sleepUntil(end);
        long serverAfter = probes.serverCpuMillis().getAsLong();
        long postgresAfter = probes.postgresCpuMillis().getAsLong();
        for (Thread worker : workers) {
            worker.join();
        }
        double others = probes.machine().now().othersSince(machine);
        long[] all =
                Arrays.stream(latencies).flatMapToLong(Arrays::stream).sorted().toArray();
        return new Outcome(
                all,
                lastAnswer.get() - timedStart,
                serverAfter - server,
                postgresAfter - postgres,
                clientCpu.get(),
                others,
                warmups.get(),
                Arrays.stream(connects).sum(),
                List.copyOf(failures),
                failed.get());
    }

    private static void sleepUntil(long nanoTime) throws InterruptedException {
        for (long left = nanoTime - System.nanoTime(); left > 0; left = nanoTime - System.nanoTime()) {
            Thread.sleep(Math.max(1, left / 1_000_000));
        }
    }
}
