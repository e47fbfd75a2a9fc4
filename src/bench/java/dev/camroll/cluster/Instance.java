package dev.camroll.cluster;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One instance of the packaged service ({@code java -jar camroll.jar}) in a process of its own, on a fixed port so
 * the balancer's configuration stays the same across restarts; its log is appended to across them. With a clock
 * skew it starts under libfaketime, so its wall clock (and only its) runs ahead.
 */
final class Instance {

    static final String FAKETIME_LIBRARY = "/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1";

    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final String name;

    private final int port;

    private final List<String> launch;

    private final String heap;

    private final Map<String, String> environment;

    private final Path log;

    private volatile Process process;

    private volatile Duration skew = Duration.ZERO;

    private volatile long startedAt;

    private volatile long readyAt;

    /** {@code launch}: what follows the heap size on the command line (class data sharing options, {@code -jar ...}). */
    Instance(String name, int port, List<String> launch, String heap, Map<String, String> environment, Path log) {
        this.name = name;
        this.port = port;
        this.launch = launch;
        this.heap = heap;
        this.environment = environment;
        this.log = log;
    }

    String name() {
        return name;
    }

    int port() {
        return port;
    }

    Duration skew() {
        return skew;
    }

    /** Starts the process (not waiting for it to be ready); {@code skew} pushes its clock ahead. */
    synchronized void start(Duration skew) throws IOException {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException(name + " is running");
        }
        this.skew = skew;
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + heap,
                "-XX:+ExitOnOutOfMemoryError"));
        command.addAll(launch);
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(environment);
        builder.environment().put("SERVER_PORT", String.valueOf(port));
        if (!skew.isZero()) {
            builder.environment().put("LD_PRELOAD", FAKETIME_LIBRARY);
            builder.environment().put("FAKETIME", "+" + skew.toSeconds() + "s");
            // The JVM measures intervals with the monotonic clock: only the wall clock is pushed.
            builder.environment().put("FAKETIME_DONT_FAKE_MONOTONIC", "1");
            // Otherwise libfaketime shortens the JVM's timed waits, which then spin (measured: a 3.5 s wait took
            // 0.56 s, and an instance burnt 1.5 cores doing nothing).
            builder.environment().put("FAKETIME_FORCE_MONOTONIC_FIX", "0");
        }
        Files.writeString(
                log,
                "\n===== rig: starting " + name
                        + (skew.isZero() ? "" : " with its clock " + skew.toSeconds() + " s ahead") + " =====\n",
                StandardCharsets.UTF_8,
                java.nio.file.StandardOpenOption.APPEND,
                java.nio.file.StandardOpenOption.CREATE);
        readyAt = 0;
        startedAt = System.nanoTime();
        process = builder.start();
    }

    /** SIGKILL, and waits until the process is gone. */
    synchronized void kill() throws InterruptedException {
        Process running = process;
        if (running != null && running.isAlive()) {
            running.destroyForcibly();
            if (!running.waitFor(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException(name + " survived SIGKILL for 30 s");
            }
        }
    }

    /** SIGTERM: a graceful stop. */
    void stop() throws InterruptedException {
        Process running = process;
        if (running != null && running.isAlive()) {
            running.destroy();
            if (!running.waitFor(60, TimeUnit.SECONDS)) {
                running.destroyForcibly();
            }
        }
    }

    /** The process's resident memory in KiB (VmRSS), or 0 when it is not running. */
    long residentKib() {
        Process running = process;
        if (running == null || !running.isAlive()) {
            return 0;
        }
        try {
            for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(running.pid()), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("\\D", ""));
                }
            }
        } catch (IOException | RuntimeException gone) {
            // ended meanwhile
        }
        return 0;
    }

    boolean alive() {
        Process running = process;
        return running != null && running.isAlive();
    }

    boolean ready() {
        if (!alive()) {
            return false;
        }
        try {
            HttpRequest probe = HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + port + "/actuator/health/readiness"))
                    .timeout(Duration.ofSeconds(3))
                    .build();
            boolean up =
                    HTTP.send(probe, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
            if (up && readyAt == 0) {
                readyAt = System.nanoTime();
            }
            return up;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Waits until the readiness probe answers 200; fails with the log's end when the process died or took too long. */
    void awaitReady(Duration timeout) throws InterruptedException, IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!ready()) {
            if (!alive()) {
                throw new IllegalStateException(name + " exited while starting:\n" + logTail(40));
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(name + " not ready after " + timeout + ":\n" + logTail(40));
            }
            Thread.sleep(200);
        }
    }

    /** Seconds from the last start to ready, or -1 while not (yet) ready. */
    double lastStartSeconds() {
        return readyAt == 0 ? -1 : (readyAt - startedAt) / 1e9;
    }

    String logTail(int lines) throws IOException {
        List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
        return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    }
}
