package dev.camroll.cluster;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

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

    private final int proxyPort;

    private final int serverPort;

    private final Set<Socket[]> connections = ConcurrentHashMap.newKeySet();

    private volatile ServerSocket listening;

    private ObjectStoreServer(Process process, int serverPort, int proxyPort) {
        this.process = process;
        this.serverPort = serverPort;
        this.proxyPort = proxyPort;
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
        ObjectStoreServer server = new ObjectStoreServer(process, serverPort, proxyPort);
        server.accept();
        return server;
    }

    /** Where the instances reach the store: through the fault proxy. */
    URI proxiedEndpoint() {
        return URI.create("http://127.0.0.1:" + proxyPort);
    }

    /** The store itself, for the verdicts. */
    URI directEndpoint() {
        return URI.create("http://127.0.0.1:" + serverPort);
    }

    /** Lets connections through (again). */
    synchronized void accept() throws IOException {
        if (listening != null) {
            return;
        }
        ServerSocket server = new ServerSocket();
        server.setReuseAddress(true);
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), proxyPort));
        listening = server;
        daemon("s3-fault-proxy", () -> {
            while (!server.isClosed()) {
                try {
                    Socket client = server.accept();
                    Socket upstream = new Socket(InetAddress.getLoopbackAddress(), serverPort);
                    Socket[] pair = {client, upstream};
                    connections.add(pair);
                    pump(pair, client, upstream);
                    pump(pair, upstream, client);
                } catch (IOException e) {
                    // the listener was closed by refuse(), or S3Proxy refused: the client's connection ends
                }
            }
        });
    }

    /** Drops every connection and refuses new ones ({@code ECONNREFUSED}) until {@link #accept()}. */
    synchronized void refuse() throws IOException {
        if (listening != null) {
            listening.close();
            listening = null;
        }
        for (Socket[] pair : connections) {
            closeQuietly(pair);
        }
    }

    private void pump(Socket[] pair, Socket from, Socket to) {
        daemon("s3-fault-proxy-pump", () -> {
            byte[] buffer = new byte[64 * 1024];
            try (InputStream in = from.getInputStream()) {
                OutputStream out = to.getOutputStream();
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    out.write(buffer, 0, n);
                }
                to.shutdownOutput();
            } catch (IOException e) {
                closeQuietly(pair);
            } finally {
                if (from.isClosed() || to.isClosed() || (from.isInputShutdown() && to.isInputShutdown())) {
                    connections.remove(pair);
                }
            }
        });
    }

    private void closeQuietly(Socket[] pair) {
        connections.remove(pair);
        for (Socket socket : pair) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // already closed
            }
        }
    }

    private static void daemon(String name, Runnable task) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void close() throws IOException {
        refuse();
        process.destroyForcibly();
    }
}
