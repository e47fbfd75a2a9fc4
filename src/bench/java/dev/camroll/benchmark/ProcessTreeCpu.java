package dev.camroll.benchmark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * CPU time of process trees from {@code /proc}, counting children that have ended: a process's {@code cutime} and
 * {@code cstime} hold the CPU of the children it has reaped. PostgreSQL's postmaster reaps the backend of every
 * connection that closes (pgbench's, at the end of each run), and this JVM reaps pgbench; reading only the processes
 * still running ({@link CamrollProcess#postgresCpuMillis()}) would lose their time.
 */
final class ProcessTreeCpu {

    /** Linux counts /proc times in clock ticks of 10 ms (USER_HZ 100). */
    private static final long TICK_MILLIS = 10;

    private ProcessTreeCpu() {}

    /** The process's and its descendants' CPU so far, with every child they reaped, in milliseconds. */
    static long of(ProcessHandle root) {
        long millis = withReaped(root.pid());
        for (ProcessHandle child : root.descendants().toList()) {
            millis += withReaped(child.pid());
        }
        return millis;
    }

    /** The embedded PostgreSQL's CPU so far (postmaster, server processes, ended backends), in milliseconds. */
    static long postgres(Path dataDir) {
        try {
            // postmaster.pid: its first line is the postmaster's pid
            long postmaster = Long.parseLong(
                    Files.readAllLines(dataDir.resolve("postgres").resolve("postmaster.pid"))
                            .get(0)
                            .trim());
            return ProcessHandle.of(postmaster).map(ProcessTreeCpu::of).orElse(0L);
        } catch (IOException | RuntimeException notRunning) {
            return 0;
        }
    }

    /**
     * The machine's CPU reading now, counting as the benchmark's own this JVM with everything it started (the service,
     * a baseline's process, pgbench) and the embedded PostgreSQL in {@code dataDir}.
     */
    static CpuAccount machine(Path dataDir) throws IOException {
        CpuAccount now = CpuAccount.now();
        long own = of(ProcessHandle.current()) + postgres(dataDir);
        return new CpuAccount(now.busyMillis(), now.stealMillis(), now.elapsedMillis(), own);
    }

    /** utime + stime + cutime + cstime of one process, 0 when it has gone. */
    static long withReaped(long pid) {
        return ticks(pid, 14);
    }

    /** utime + stime of one process, without its ended children, 0 when it has gone. */
    static long ownOnly(long pid) {
        return ticks(pid, 12);
    }

    private static long ticks(long pid, int lastField) {
        try {
            // After "(comm) ", fields 12 to 15 (0-based 11 to 14) are utime, stime, cutime, cstime.
            String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
            List<String> fields =
                    List.of(stat.substring(stat.lastIndexOf(')') + 2).split(" "));
            long ticks = 0;
            for (int i = 11; i <= lastField; i++) {
                ticks += Long.parseLong(fields.get(i));
            }
            return ticks * TICK_MILLIS;
        } catch (IOException | RuntimeException gone) {
            return 0;
        }
    }
}
