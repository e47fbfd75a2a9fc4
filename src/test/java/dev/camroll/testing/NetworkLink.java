package dev.camroll.testing;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * A TCP link between a client and the service on this machine, as a phone's network is: uploads go at a bounded rate
 * (all connections together), and the test can drop every connection at once and take the link down and up again on
 * the same port. Clients connect to {@link #port()}; what they send reaches the service as it was sent.
 */
public final class NetworkLink implements AutoCloseable {

    private final int target;

    private final int port;

    private final long uploadBytesPerSecond;

    private final Set<Connection> connections = ConcurrentHashMap.newKeySet();

    private final AtomicLong sent = new AtomicLong();

    /** When the upload direction may send next (System.nanoTime), shared by all connections. */
    private long nextSend = System.nanoTime();

    private volatile ServerSocket listening;

    private NetworkLink(int port, int target, long uploadBytesPerSecond) {
        this.target = target;
        this.uploadBytesPerSecond = uploadBytesPerSecond;
        this.listening = listen(port);
        this.port = listening.getLocalPort();
        accept(listening);
    }

    /** A link to the service on {@code targetPort} whose uploads go at most {@code uploadBytesPerSecond}. */
    public static NetworkLink to(int targetPort, long uploadBytesPerSecond) {
        return new NetworkLink(0, targetPort, uploadBytesPerSecond);
    }

    /** A link listening on {@code port} (fixed, so clients configured with it find it after every {@link #up}). */
    public static NetworkLink on(int port, int targetPort, long uploadBytesPerSecond) {
        return new NetworkLink(port, targetPort, uploadBytesPerSecond);
    }

    public int port() {
        return port;
    }

    /** The bytes clients have sent through the link so far (requests with their heads), all connections together. */
    public long sent() {
        return sent.get();
    }

    /**
     * The most bytes one open connection has sent since the service last answered on it: as HTTP/1.1 clients wait for
     * each answer before the next request, the part sent so far of the largest request under way.
     */
    public long largestRequestUnderWay() {
        return connections.stream()
                .mapToLong(connection -> connection.unanswered.get())
                .max()
                .orElse(0);
    }

    /** Drops every open connection, as a network that goes away does, and refuses new ones until {@link #up}. */
    public void down() {
        close(listening);
        for (Connection connection : connections) {
            connection.close();
        }
    }

    /** Accepts connections again, on the same port. */
    public void up() {
        listening = listen(port);
        accept(listening);
    }

    @Override
    public void close() {
        down();
    }

    private static ServerSocket listen(int port) {
        try {
            ServerSocket server = new ServerSocket();
            server.setReuseAddress(true);
            // A small window (instead of one tuned up to tens of MB): what a client has written waits in its own
            // process until the link takes it, as on a slow network, so a client killed midway is cut off there.
            server.setReceiveBufferSize(64 * 1024);
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void accept(ServerSocket server) {
        daemon("network-link-" + port, () -> {
            while (!server.isClosed()) {
                try {
                    Socket client = server.accept();
                    Connection connection =
                            new Connection(client, new Socket(InetAddress.getLoopbackAddress(), target));
                    connections.add(connection);
                    daemon("network-link-up", () -> pump(connection, true));
                    daemon("network-link-down", () -> pump(connection, false));
                } catch (IOException e) {
                    // closed by down(), or the service refused: the client sees its connection end
                }
            }
        });
    }

    /** A client's connection and the link's own to the service. */
    private final class Connection {

        final Socket client;

        final Socket service;

        final AtomicLong unanswered = new AtomicLong();

        final AtomicInteger ended = new AtomicInteger();

        Connection(Socket client, Socket service) {
            this.client = client;
            this.service = service;
        }

        void close() {
            NetworkLink.close(client);
            NetworkLink.close(service);
            connections.remove(this);
        }
    }

    /**
     * Copies one direction of a connection. A side that ends its sending (a client killed mid-request) ends it towards
     * the other side too, which still answers; the connection is closed once both directions have ended, or at once
     * when one fails.
     */
    private void pump(Connection connection, boolean upload) {
        Socket from = upload ? connection.client : connection.service;
        Socket to = upload ? connection.service : connection.client;
        byte[] buffer = new byte[16 * 1024];
        boolean failed = false;
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            for (int n; (n = in.read(buffer)) >= 0; ) {
                if (upload) {
                    await(n);
                }
                out.write(buffer, 0, n);
                out.flush();
                if (upload) {
                    sent.addAndGet(n);
                    connection.unanswered.addAndGet(n);
                } else {
                    connection.unanswered.set(0);
                }
            }
            to.shutdownOutput();
        } catch (IOException e) {
            // dropped by down(), or reset by one side
            failed = true;
        } finally {
            if (connection.ended.incrementAndGet() == 2 || failed) {
                connection.close();
            }
        }
    }

    private static void daemon(String name, Runnable work) {
        Thread thread = new Thread(work, name);
        thread.setDaemon(true);
        thread.start();
    }

    /** Waits until {@code bytes} more may go up at the link's rate. */
    private void await(int bytes) {
        long sendAt;
        synchronized (this) {
            long now = System.nanoTime();
            sendAt = Math.max(now, nextSend);
            nextSend = sendAt + TimeUnit.SECONDS.toNanos(bytes) / uploadBytesPerSecond;
        }
        for (long wait; (wait = sendAt - System.nanoTime()) > 0; ) {
            LockSupport.parkNanos(wait);
        }
    }

    private static void close(Closeable closeable) {
        try {
            closeable.close();
        } catch (IOException e) {
            // closing anyway
        }
    }
}
