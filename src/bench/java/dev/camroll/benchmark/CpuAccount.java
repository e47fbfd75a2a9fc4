package dev.camroll.benchmark;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * How busy the machine was, from {@code /proc/stat}, and how much of that was the benchmark itself: this process,
 * the service and its embedded PostgreSQL (whose postmaster {@code pg_ctl} detaches from the service, so it is found
 * by its {@code postmaster.pid}), or other processes named. What remains is other work, which the numbers of a run on
 * a shared machine must be read against. A process that ended between two readings takes its CPU time with it.
 */
record CpuAccount(long busyMillis, long stealMillis, long elapsedMillis, long ownMillis) {

    /** Linux counts /proc times in clock ticks of 10 ms (USER_HZ 100). */
    private static final long TICK_MILLIS = 10;

    /** The reading now, counting this process, the service and its embedded PostgreSQL as the benchmark's own. */
    static CpuAccount now(CamrollProcess service) throws IOException {
        List<Long> helpers = service.helperPids();
        long[] pids = new long[helpers.size() + 1];
        pids[0] = service.pid();
        for (int i = 0; i < helpers.size(); i++) {
            pids[i + 1] = helpers.get(i);
        }
        return now(pids);
    }

    /** The reading now, counting this process and the given ones as the benchmark's own. */
    static CpuAccount now(long... processes) throws IOException {
        // "cpu  user nice system idle iowait irq softirq steal ..."
        String[] fields =
                Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
        long busy = 0;
        long all = 0;
        for (int i = 1; i <= 8; i++) {
            long ticks = Long.parseLong(fields[i]);
            all += ticks;
            if (i != 4 && i != 5 && i != 8) {
                busy += ticks;
            }
        }
        long own = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                        .getProcessCpuTime()
                / 1_000_000;
        for (long pid : processes) {
            own += cpuMillis(pid).orElse(0L);
        }
        int cores = Runtime.getRuntime().availableProcessors();
        return new CpuAccount(
                busy * TICK_MILLIS, Long.parseLong(fields[8]) * TICK_MILLIS, all * TICK_MILLIS / cores, own);
    }

    /** The user and system time of a process so far, if it still runs. */
    static Optional<Long> cpuMillis(long pid) {
        try {
            // After "(comm) ", field 12 is utime and 13 stime.
            String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Optional.of((Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * TICK_MILLIS);
        } catch (IOException | RuntimeException gone) {
            return Optional.empty();
        }
    }

    /** Other processes' CPU time between two readings, in cores (1.0 = one core busy all the time). */
    double othersSince(CpuAccount start) {
        double elapsed = Math.max(1, elapsedMillis - start.elapsedMillis);
        return Math.max(0, (busyMillis - start.busyMillis) - (ownMillis - start.ownMillis)) / elapsed;
    }

    /** Time the hypervisor gave to other guests between two readings, in cores. */
    double stealSince(CpuAccount start) {
        return (stealMillis - start.stealMillis) / Math.max(1.0, elapsedMillis - start.elapsedMillis);
    }
}
