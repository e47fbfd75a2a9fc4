package dev.camroll.upload.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import dev.camroll.testing.TusUploads;

/**
 * Hostile slow clients: one raw PATCH per upload, each sending a few bytes of its file every tick, all from one
 * thread, until the server answers it. {@link #slowTo} changes how many bytes a tick brings.
 */
final class Trickle implements AutoCloseable {

    /** One slow client: its request, and how many bytes of the body it has sent. */
    static final class Client {

        final TusUploads.Announced upload;

        final String token;

        final RawPatch patch;

        volatile long sent;

        volatile boolean answered;

        Client(int port, TusUploads.Announced upload, String token) {
            this.upload = upload;
            this.token = token;
            this.patch = new RawPatch(port, upload.path(), token, 0, upload.content().length);
        }
    }

    /** An upload and the token of its user. */
    record Target(TusUploads.Announced upload, String token) {}

    private final List<Client> clients = new ArrayList<>();

    private final Duration tick;

    private volatile int bytesPerTick;

    private volatile boolean running = true;

    private final AtomicReference<Throwable> failure = new AtomicReference<>();

    private final Thread sender;

    Trickle(int port, List<Target> targets, int bytesPerTick, Duration tick) {
        this.bytesPerTick = bytesPerTick;
        this.tick = tick;
        for (Target target : targets) {
            clients.add(new Client(port, target.upload(), target.token()));
        }
        sender = new Thread(this::run, "trickle");
        sender.setDaemon(true);
        sender.start();
    }

    List<Client> clients() {
        return clients;
    }

    void slowTo(int bytes) {
        bytesPerTick = bytes;
    }

    /** What went wrong in the sending thread (a client whose connection broke before it was answered), if anything. */
    Throwable failure() {
        return failure.get();
    }

    boolean allAnswered() {
        return clients.stream().allMatch(client -> client.answered);
    }

    private void run() {
        while (running) {
            for (Client client : clients) {
                if (client.answered) {
                    continue;
                }
                if (client.patch.answered()) {
                    client.answered = true;
                    continue;
                }
                int from = (int) client.sent;
                int to = Math.min(client.upload.content().length - 1, from + bytesPerTick);
                try {
                    client.patch.send(client.upload.content(), from, to);
                    client.sent = to;
                } catch (RuntimeException e) {
                    failure.compareAndSet(null, e);
                    client.answered = true;
                }
            }
            try {
                Thread.sleep(tick.toMillis());
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    @Override
    public void close() {
        running = false;
        sender.interrupt();
        try {
            sender.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (Client client : clients) {
            client.patch.close();
        }
    }
}
