package dev.camroll.benchmark;

import java.io.IOException;

/**
 * Samples the service's resident set size ({@code /proc}) and heap (Prometheus) while a phase runs, and keeps the
 * highest values seen. The sampled heap peak can miss a short spike between samples; the RSS peak cannot, as it is
 * also read from the kernel's own high-water mark.
 */
final class MemoryWatch implements AutoCloseable {

    private static final long INTERVAL_MILLIS = 250;

    /** The highest values seen. */
    record Peaks(long rss, long heapUsed, long heapCommitted, int samples) {}

    private final CamrollProcess service;

    private final SyncClient client;

    private final String adminToken;

    private final Thread sampler;

    private volatile boolean running = true;

    private long rss;

    private long heapUsed;

    private long heapCommitted;

    private int samples;

    MemoryWatch(CamrollProcess service, SyncClient client, String adminToken) {
        this.service = service;
        this.client = client;
        this.adminToken = adminToken;
        this.sampler = new Thread(this::sample, "memory-watch");
        this.sampler.setDaemon(true);
        this.sampler.start();
    }

    private void sample() {
        while (running) {
            try {
                HeapMetrics heap = HeapMetrics.parse(client.prometheus(adminToken));
                long now = service.rss();
                synchronized (this) {
                    rss = Math.max(rss, now);
                    heapUsed = Math.max(heapUsed, heap.used());
                    heapCommitted = Math.max(heapCommitted, heap.committed());
                    samples++;
                }
                Thread.sleep(INTERVAL_MILLIS);
            } catch (InterruptedException e) {
                return;
            } catch (IOException e) {
                // a missed sample; the next one counts
            }
        }
    }

    /** The highest values seen so far. */
    synchronized Peaks peaks() {
        return new Peaks(rss, heapUsed, heapCommitted, samples);
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        sampler.interrupt();
        sampler.join(5_000);
    }
}
