package dev.camroll.cluster;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.camroll.testing.NetworkLink;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;

/**
 * The S3 server: S3Proxy on its filesystem blob store, in a JVM of its own ({@link #main}), with a small
 * fault-injecting TCP proxy in front of it in the rig's JVM. The instances talk to the proxy; the verdicts talk to
 * S3Proxy itself. {@link #refuse()} drops every connection and refuses new ones, as a store that has gone away does,
 * until {@link #accept()}.
 */
final class ObjectStoreServer implements AutoCloseable {

    static final String ACCESS_KEY = "camroll-rig";

    static final String SECRET_KEY = "camroll-rig-secret";

    static final String BUCKET = "camroll";

    private final Process process;

    private final int serverPort;

    private final NetworkLink proxy;

    private ObjectStoreServer(Process process, int serverPort, NetworkLink proxy) {
        this.process = process;
        this.serverPort = serverPort;
        this.proxy = proxy;
    }

    /** S3Proxy: {@code main(dir, port)}. */
    public static void main(String[] args) throws Exception {
        S3Proxy proxy = S3Proxy.builder()
                .blobStore(new FilesystemNio2BlobStore(args[0]))
                .endpoint(URI.create("http://127.0.0.1:" + args[1]))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
                .build();
        proxy.start();
        while (!"STARTED".equals(proxy.getState())) {
            Thread.sleep(10);
        }
        System.out.println("S3Proxy started on " + proxy.getPort());
        Thread.currentThread().join();
    }

    static ObjectStoreServer start(Path dir, int serverPort, int proxyPort, Path log)
            throws IOException, InterruptedException {
        Files.createDirectories(dir);
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m",
                "-XX:+UseSerialGC",
                "-cp",
                System.getProperty("java.class.path"),
                ObjectStoreServer.class.getName(),
                dir.toString(),
                String.valueOf(serverPort)));
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!Files.readString(log, StandardCharsets.UTF_8).contains("S3Proxy started")) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                process.destroyForcibly();
                throw new IllegalStateException("S3Proxy did not start:\n" + Files.readString(log));
            }
            Thread.sleep(100);
        }
        // The suite's network link, without a rate limit: down() refuses and cuts connections as a dead store would.
        return new ObjectStoreServer(process, serverPort, NetworkLink.on(proxyPort, serverPort, Long.MAX_VALUE / 4));
    }

    /** Where the instances reach the store: through the fault proxy. */
    URI proxiedEndpoint() {
        return URI.create("http://127.0.0.1:" + proxy.port());
    }

    /** The store itself, for the verdicts. */
    URI directEndpoint() {
        return URI.create("http://127.0.0.1:" + serverPort);
    }

    /** Lets connections through again. */
    void accept() {
        proxy.up();
    }

    /** Drops every connection and refuses new ones ({@code ECONNREFUSED}) until {@link #accept()}. */
    void refuse() {
        proxy.down();
    }

    @Override
    public void close() {
        proxy.close();
        process.destroyForcibly();
    }
}
