package dev.camroll.runtime.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Clears what a service process that died without stopping its embedded PostgreSQL left behind in the cluster
 * directory, so the next start needs no human. Runs only while this process holds the cluster's owner lock, so no
 * live service can be using what it finds.
 * <ul>
 * <li>A postmaster still serving the cluster (its owner was killed, and the watchdog went with it): stopped with a
 * fast shutdown, which ends its sessions and writes a checkpoint; every commit is kept.
 * <li>Backends of a postmaster that was killed too: they end by themselves on noticing; waited for, as PostgreSQL
 * refuses to start while they hold the old shared memory.
 * <li>A {@code postmaster.pid} naming a process that is not this cluster's postmaster (its PID was reused after a
 * power cut): removed, as PostgreSQL would take that process for a running postmaster and refuse to start.
 * </ul>
 * A process is taken for this cluster's only when it is a {@code postgres} executable whose working directory is the
 * cluster directory (every PostgreSQL server process changes into its data directory) or, where {@code /proc} does not
 * tell, the postmaster the pid file names, started when the pid file says.
 */
public final class ClusterRecovery {

    private static final Logger log = LoggerFactory.getLogger(ClusterRecovery.class);

    static final String PID_FILE = "postmaster.pid";

    private static final Duration SHUTDOWN_TIMEOUT = Duration.ofSeconds(60);

    private static final Duration ORPHANS_TIMEOUT = Duration.ofSeconds(15);

    private ClusterRecovery() {}

    /** Stops or waits for whatever still serves {@code clusterDir} and removes a stale pid file. */
    public static void prepare(Path clusterDir) {
        Optional<PidFile> pidFile = PidFile.read(clusterDir);
        List<ProcessHandle> serving = serving(clusterDir, pidFile);
        if (!serving.isEmpty()) {
            Optional<ProcessHandle> postmaster = pidFile.flatMap(file -> serving.stream()
                    .filter(process -> process.pid() == file.pid())
                    .findFirst());
            if (postmaster.isPresent()) {
                log.warn(
                        "PostgreSQL (pid {}) still serves {}: the service that ran it ended without stopping it. "
                                + "Stopping it with a fast shutdown (every commit is kept) before starting again",
                        postmaster.get().pid(),
                        clusterDir);
                signal(postmaster.get(), "INT");
                awaitEnd(serving, SHUTDOWN_TIMEOUT);
            } else {
                log.warn(
                        "{} server process(es) of a killed PostgreSQL still hold {}; waiting for them to end",
                        serving.size(),
                        clusterDir);
                awaitEnd(serving, ORPHANS_TIMEOUT);
            }
            List<ProcessHandle> left =
                    serving.stream().filter(ProcessHandle::isAlive).toList();
            if (!left.isEmpty()) {
                log.warn(
                        "{} process(es) of the old PostgreSQL did not end; killing them (PostgreSQL's crash recovery "
                                + "replays the log at the next start)",
                        left.size());
                left.forEach(ProcessHandle::destroyForcibly);
                awaitEnd(left, ORPHANS_TIMEOUT);
            }
            List<Long> survivors = serving.stream()
                    .filter(ProcessHandle::isAlive)
                    .map(ProcessHandle::pid)
                    .toList();
            if (!survivors.isEmpty()) {
                throw new IllegalStateException("PostgreSQL processes " + survivors + " still serve " + clusterDir
                        + " and could not be stopped; stop them, then start camroll again");
            }
        }
        removeStalePidFile(clusterDir);
    }

    /**
     * Nothing serves the cluster now. A pid file naming a dead process is left to PostgreSQL, which overwrites it; one
     * naming a live process (the pid was reused since) or one cut short would make it refuse to start.
     */
    private static void removeStalePidFile(Path clusterDir) {
        Path path = clusterDir.resolve(PID_FILE);
        if (!Files.exists(path)) {
            return;
        }
        Optional<PidFile> file = PidFile.read(clusterDir);
        if (file.isEmpty()) {
            log.warn("{} is incomplete (a power cut while it was written?); removing it", path);
            delete(path);
        } else if (ProcessHandle.of(file.get().pid())
                .filter(ProcessHandle::isAlive)
                .isPresent()) {
            log.warn(
                    "{} names pid {}, which is not this cluster's PostgreSQL (the pid was reused since the server "
                            + "last ran); removing the stale pid file",
                    path,
                    file.get().pid());
            delete(path);
        }
    }

    /** The live processes of a PostgreSQL that serves {@code clusterDir}. */
    static List<ProcessHandle> serving(Path clusterDir, Optional<PidFile> pidFile) {
        Path cluster = realPath(clusterDir);
        if (Files.isDirectory(Path.of("/proc/self/cwd"))) {
            try (Stream<ProcessHandle> all = ProcessHandle.allProcesses()) {
                return all.filter(ClusterRecovery::isPostgres)
                        .filter(process -> cluster.equals(workingDirectory(process)))
                        .toList();
            }
        }
        return pidFile
                .filter(file -> cluster.equals(realPath(file.dataDir())))
                .flatMap(file -> ProcessHandle.of(file.pid())
                        .filter(process -> isPostgres(process) && startedAround(process, file)))
                .stream()
                .toList();
    }

    private static boolean isPostgres(ProcessHandle process) {
        return process.isAlive()
                && process.info()
                        .command()
                        .map(command ->
                                Path.of(command).getFileName().toString().equals("postgres"))
                        .orElse(false);
    }

    private static Path workingDirectory(ProcessHandle process) {
        try {
            return Files.readSymbolicLink(Path.of("/proc", String.valueOf(process.pid()), "cwd"));
        } catch (IOException | UnsupportedOperationException | SecurityException gone) {
            return null; // ended meanwhile, or not ours to look at
        }
    }

    /** The pid file is written within moments of the postmaster's start; a reused pid started at another time. */
    private static boolean startedAround(ProcessHandle process, PidFile file) {
        return process.info()
                .startInstant()
                .map(started ->
                        Duration.between(started, file.startedAt()).abs().compareTo(Duration.ofSeconds(10)) < 0)
                .orElse(false);
    }

    /** SIGINT is PostgreSQL's fast shutdown; without {@code kill}, SIGTERM (a smart shutdown) does too. */
    private static void signal(ProcessHandle process, String signal) {
        try {
            Process kill = new ProcessBuilder("kill", "-" + signal, String.valueOf(process.pid()))
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            if (kill.waitFor() == 0) {
                return;
            }
        } catch (IOException noKillCommand) {
            // fall through
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process.destroy();
    }

    private static void awaitEnd(List<ProcessHandle> processes, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (processes.stream().anyMatch(ProcessHandle::isAlive) && System.nanoTime() < deadline) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static Path realPath(Path path) {
        try {
            return path.toRealPath();
        } catch (IOException e) {
            return path.toAbsolutePath().normalize();
        }
    }

    private static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove the stale " + file, e);
        }
    }

    /**
     * The first lines of {@code postmaster.pid}: the postmaster's pid, its data directory and its start time in
     * seconds since the epoch (PostgreSQL's {@code miscadmin.h}, {@code LOCK_FILE_LINE_*}).
     */
    record PidFile(long pid, Path dataDir, Instant startedAt) {

        static Optional<PidFile> read(Path clusterDir) {
            try {
                List<String> lines = Files.readAllLines(clusterDir.resolve(PID_FILE));
                if (lines.size() < 3) {
                    return Optional.empty(); // cut short: nothing to go by
                }
                return Optional.of(new PidFile(
                        Long.parseLong(lines.get(0).trim()),
                        Path.of(lines.get(1).trim()),
                        Instant.ofEpochSecond(Long.parseLong(lines.get(2).trim()))));
            } catch (NoSuchFileException none) {
                return Optional.empty();
            } catch (IOException | NumberFormatException e) {
                log.warn("Cannot read {}: {}", clusterDir.resolve(PID_FILE), e.toString());
                return Optional.empty();
            }
        }
    }
}
