package dev.camroll.benchmark;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

/**
 * The packaged service in a process of its own ({@code java -Xmx... -jar camroll.jar}) on a free port, with its own
 * data directory (embedded PostgreSQL and filesystem store), so its memory can be read from {@code /proc}.
 */
final class CamrollProcess implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofMinutes(3);

    private final Process process;

    private final URI base;

    private final Path log;

    private final Path dataDir;

    private CamrollProcess(Process process, URI base, Path log, Path dataDir) {
        this.process = process;
        this.base = base;
        this.log = log;
        this.dataDir = dataDir;
    }

    /** Starts the service and waits until it is ready. */
    static CamrollProcess start(Path jar, Path dataDir, String heap, List<String> jvmArgs, Path log)
            throws IOException, InterruptedException {
        return start(jar, dataDir, heap, jvmArgs, List.of(), log);
    }

    /**
     * Starts the service with further application arguments ({@code --camroll.jobs.enabled=false}) and waits until
     * it is ready. The log is appended to, so one log shows every start of a data directory.
     */
    static CamrollProcess start(
            Path jar, Path dataDir, String heap, List<String> jvmArgs, List<String> appArgs, Path log)
            throws IOException, InterruptedException {
        int port = freePort();
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx" + heap);
        command.addAll(jvmArgs);
        command.add("-jar");
        command.add(jar.toString());
        command.add("--server.port=" + port);
        command.add("--camroll.data-dir=" + dataDir);
        command.addAll(appArgs);
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        CamrollProcess service = new CamrollProcess(process, URI.create("http://127.0.0.1:" + port), log, dataDir);
        try {
            service.awaitReady();
        } catch (IOException | RuntimeException | InterruptedException notReady) {
            service.close(); // a service that never became ready must not outlive the run (nor its PostgreSQL)
            throw notReady;
        }
        return service;
    }

    URI base() {
        return base;
    }

    Path dataDir() {
        return dataDir;
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    Path log() {
        return log;
    }

    /** The peak resident set size of the process's life so far ({@code VmHWM}), in bytes. */
    long peakRss() throws IOException {
        return status("VmHWM");
    }

    /** The resident set size now ({@code VmRSS}), in bytes. */
    long rss() throws IOException {
        return status("VmRSS");
    }

    /** The CPU time the process has used so far (user and system), in milliseconds. */
    long cpuMillis() {
        return CpuAccount.cpuMillis(process.pid()).orElseThrow();
    }

    /**
     * The processes of its embedded PostgreSQL: the postmaster (which {@code pg_ctl} detaches, so it is not a child
     * of the service) and its server processes, and any child of the service.
     */
    List<Long> helperPids() {
        Set<Long> pids = new TreeSet<>();
        process.descendants().forEach(child -> pids.add(child.pid()));
        try {
            // postmaster.pid: its first line is the postmaster's pid
            long postmaster = Long.parseLong(
                    Files.readAllLines(dataDir.resolve("postgres").resolve("postmaster.pid"))
                            .get(0)
                            .trim());
            ProcessHandle.of(postmaster).ifPresent(handle -> {
                pids.add(handle.pid());
                handle.descendants().forEach(child -> pids.add(child.pid()));
            });
        } catch (IOException | RuntimeException notRunning) {
            // no embedded PostgreSQL (an external database), or it is stopping
        }
        return List.copyOf(pids);
    }

    /** The CPU time its embedded PostgreSQL's processes still running have used so far, in milliseconds. */
    long postgresCpuMillis() {
        return helperPids().stream()
                .mapToLong(pid -> CpuAccount.cpuMillis(pid).orElse(0L))
                .sum();
    }

    private long status(String field) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(process.pid()), "status"))) {
            if (line.startsWith(field + ":")) {
                // "VmHWM:	  338472 kB"
                return Long.parseLong(line.substring(field.length() + 1)
                                .replace("kB", "")
                                .trim())
                        * 1024;
            }
        }
        throw new IOException(field + " not in /proc/" + process.pid() + "/status");
    }

    private void awaitReady() throws IOException, InterruptedException {
        HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest health = HttpRequest.newBuilder(base.resolve("/actuator/health"))
                .timeout(Duration.ofSeconds(5))
                .build();
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the service exited with " + process.exitValue() + "; see " + log);
            }
            try {
                if (http.send(health, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("the service was not ready after " + START_TIMEOUT + "; see " + log);
    }

    /** Stops the service gracefully (SIGTERM, so the embedded PostgreSQL stops with it), else kills it. */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
