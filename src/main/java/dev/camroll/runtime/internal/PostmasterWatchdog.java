package dev.camroll.runtime.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A small child process that stops the embedded PostgreSQL when this JVM ends without stopping it (SIGKILL, the OOM
 * killer, a crash). {@code pg_ctl} starts the postmaster in a session of its own, so nothing else would: it would keep
 * the cluster locked until someone killed it by hand.
 * <p>
 * The watchdog blocks reading its standard input, a pipe whose only writer is this JVM. The kernel closes that pipe
 * when the JVM dies, however it dies; the read then ends and the watchdog asks the postmaster for a fast shutdown
 * (SIGINT), which rolls back open transactions and keeps every commit. It checks first that the pid file still names
 * that postmaster, so a pid reused since is never signalled. It ignores SIGINT and SIGHUP, which a terminal sends to the
 * whole process group, so that a Ctrl-C followed by a hung shutdown still finds it there.
 */
public final class PostmasterWatchdog {

    private static final Logger log = LoggerFactory.getLogger(PostmasterWatchdog.class);

    private static final String SCRIPT = """
            trap '' INT HUP
            while read -r ignored; do :; done
            pid=$(head -n 1 "$1/postmaster.pid" 2>/dev/null)
            [ -n "$pid" ] && [ "$pid" = "$2" ] && kill -INT "$pid"
            """;

    private PostmasterWatchdog() {}

    /**
     * Starts the watchdog of the postmaster the pid file of {@code clusterDir} names, or answers null where there is
     * no POSIX shell (the cluster then only gets {@link ClusterRecovery} at the next start).
     */
    public static @Nullable Process start(Path clusterDir) {
        return ClusterRecovery.PidFile.read(clusterDir)
                .map(pidFile -> {
                    try {
                        return new ProcessBuilder(
                                        "sh",
                                        "-c",
                                        SCRIPT,
                                        "camroll-postgres-watchdog",
                                        clusterDir.toAbsolutePath().toString(),
                                        String.valueOf(pidFile.pid()))
                                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                                .redirectError(ProcessBuilder.Redirect.INHERIT)
                                .start();
                    } catch (IOException e) {
                        log.warn(
                                "No watchdog for the embedded PostgreSQL ({}): should this process be killed, the next start "
                                        + "stops the PostgreSQL it leaves behind",
                                e.toString());
                        return null;
                    }
                })
                .orElse(null);
    }

    /** Ends the watchdog once the postmaster has stopped (SIGKILL: it ignores the polite signals). */
    public static void stop(@Nullable Process watchdog) {
        if (watchdog == null) {
            return;
        }
        watchdog.destroyForcibly();
        try {
            watchdog.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
