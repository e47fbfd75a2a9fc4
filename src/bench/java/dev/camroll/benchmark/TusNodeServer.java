package dev.camroll.benchmark;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The official Node.js tus server ({@code @tus/server} with {@code @tus/file-store}, {@code scripts/bench/tus-node})
 * in a process of its own on a free port, storing into a directory of the run. It neither hashes the bytes nor
 * touches a database, and its file store does not fsync.
 */
final class TusNodeServer implements AutoCloseable {

    /** {@code @tus/server} 2 needs Node.js 20.19 or later. */
    private static final int[] LEAST_NODE = {20, 19};

    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);

    /** The answer to a PATCH and how long it took, from the first byte sent to the answer. */
    record Patched(BenchmarkFile file, URI url, int status, String offset, long nanos) {

        boolean complete() {
            return status == 204 && String.valueOf(file.size()).equals(offset);
        }
    }

    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .build();

    private final Process process;

    private final URI files;

    private final Path store;

    private TusNodeServer(Process process, URI files, Path store) {
        this.process = process;
        this.files = files;
        this.store = store;
    }

    /**
     * Why the server cannot run here, with what to do about it once, if so: no {@code node} of 20.19 or later, or no
     * {@code node_modules} in {@code directory}.
     */
    static Optional<String> missing(Path directory) throws InterruptedException {
        String version;
        try {
            Process node = new ProcessBuilder("node", "--version")
                    .redirectErrorStream(true)
                    .start();
            version = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (node.waitFor() != 0) {
                return Optional.of("node --version failed: " + version);
            }
        } catch (IOException e) {
            return Optional.of("no node on the PATH; install Node.js 20.19 or later (apt-get install -y nodejs npm, if"
                    + " the distribution's is as new), then run once: npm ci --prefix scripts/bench/tus-node");
        }
        // "v20.20.2"
        Matcher digits = Pattern.compile("v?(\\d+)\\.(\\d+)").matcher(version);
        if (!digits.lookingAt()) {
            return Optional.of("node --version answered " + version + ", not a version");
        }
        int major = Integer.parseInt(digits.group(1));
        int minor = Integer.parseInt(digits.group(2));
        if (major < LEAST_NODE[0] || (major == LEAST_NODE[0] && minor < LEAST_NODE[1])) {
            return Optional.of("node " + version + " is older than @tus/server needs (20.19)");
        }
        if (!Files.isDirectory(directory.resolve("node_modules").resolve("@tus"))) {
            return Optional.of("no node_modules in " + directory.getFileName()
                    + "; run once: npm ci --prefix scripts/bench/tus-node");
        }
        return Optional.empty();
    }

    /** Starts {@code node server.js PORT STORE} in {@code directory} and waits until it answers. */
    static TusNodeServer start(Path directory, Path store, Path log) throws IOException, InterruptedException {
        Files.createDirectories(store);
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Process process = new ProcessBuilder(List.of("node", "server.js", String.valueOf(port), store.toString()))
                .directory(directory.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        TusNodeServer server = new TusNodeServer(process, URI.create("http://127.0.0.1:" + port + "/files"), store);
        server.awaitReady(log);
        return server;
    }

    long pid() {
        return process.pid();
    }

    /** The CPU time the server has used so far (user and system), in milliseconds. */
    long cpuMillis() {
        return CpuAccount.cpuMillis(process.pid()).orElseThrow();
    }

    /** tus creation: a new upload resource of the file's length; answers its URL. */
    URI create(BenchmarkFile file) throws IOException, InterruptedException {
        HttpResponse<String> answer = http.send(
                HttpRequest.newBuilder(files)
                        .timeout(Duration.ofSeconds(30))
                        .header("Tus-Resumable", "1.0.0")
                        .header("Upload-Length", String.valueOf(file.size()))
                        .POST(HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() != 201) {
            throw new IllegalStateException("POST /files answered " + answer.statusCode() + ": " + answer.body());
        }
        return files.resolve(answer.headers().firstValue("Location").orElseThrow());
    }

    /** tus core: the whole file in one PATCH at offset 0, its body streamed from disk, as to camroll. */
    Patched patch(BenchmarkFile file, URI url) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(url)
                .timeout(Duration.ofMinutes(10))
                .header("Tus-Resumable", "1.0.0")
                .header("Upload-Offset", "0")
                .header("Content-Type", "application/offset+octet-stream")
                .method("PATCH", HttpRequest.BodyPublishers.ofFile(file.path()))
                .build();
        long start = System.nanoTime();
        HttpResponse<String> answer = http.send(request, HttpResponse.BodyHandlers.ofString());
        long nanos = System.nanoTime() - start;
        return new Patched(
                file,
                url,
                answer.statusCode(),
                answer.headers().firstValue("Upload-Offset").orElse(null),
                nanos);
    }

    /** The file {@code @tus/file-store} keeps an upload's bytes in: the store directory and the upload's id. */
    Path stored(URI url) {
        String path = url.getPath();
        return store.resolve(path.substring(path.lastIndexOf('/') + 1));
    }

    private void awaitReady(Path log) throws IOException, InterruptedException {
        HttpRequest options = HttpRequest.newBuilder(files)
                .timeout(Duration.ofSeconds(5))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .build();
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(
                        "the Node.js tus server exited with " + process.exitValue() + "; see " + log);
            }
            try {
                if (http.send(options, HttpResponse.BodyHandlers.discarding()).statusCode() / 100 == 2) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("the Node.js tus server was not ready after " + START_TIMEOUT + "; see " + log);
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
