package dev.camroll.cluster;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the phones saw, per phase and endpoint: the time of every answered call and how many attempts failed (and
 * how), as a client measures it (through the balancer, retries counted as attempts of their own).
 */
final class Latencies {

    private final Map<String, Endpoint> endpoints = new ConcurrentHashMap<>();

    private volatile String phase = "calm";

    void phase(String phase) {
        this.phase = phase;
    }

    void answered(String endpoint, long nanos) {
        of(endpoint).answered(nanos);
    }

    void failed(String endpoint, String outcome) {
        of(endpoint).failures.computeIfAbsent(outcome, o -> new AtomicLong()).incrementAndGet();
    }

    private Endpoint of(String endpoint) {
        return endpoints.computeIfAbsent(phase + "\u0000" + endpoint, key -> new Endpoint());
    }

    /** A Markdown table per phase: endpoint, answered calls, p50, p99, max, failed attempts by kind. */
    String table(String phase) {
        StringBuilder table = new StringBuilder(
                "| endpoint | answered | p50 ms | p99 ms | max ms | failed attempts |\n|---|---:|---:|---:|---:|---|\n");
        Map<String, Endpoint> sorted = new TreeMap<>();
        endpoints.forEach((key, value) -> {
            if (key.startsWith(phase + "\u0000")) {
                sorted.put(key.substring(phase.length() + 1), value);
            }
        });
        sorted.forEach((endpoint, values) -> {
            List<Long> nanos = values.sorted();
            table.append(String.format(
                    Locale.ROOT,
                    "| %s | %d | %s | %s | %s | %s |%n",
                    endpoint,
                    nanos.size(),
                    millis(percentile(nanos, 0.50)),
                    millis(percentile(nanos, 0.99)),
                    millis(nanos.isEmpty() ? -1 : nanos.get(nanos.size() - 1)),
                    values.failures.isEmpty() ? "" : new TreeMap<>(values.failures).toString()));
        });
        return table.toString();
    }

    private static long percentile(List<Long> sorted, double p) {
        if (sorted.isEmpty()) {
            return -1;
        }
        return sorted.get((int) Math.min(sorted.size() - 1, Math.ceil(p * sorted.size()) - 1));
    }

    private static String millis(long nanos) {
        return nanos < 0 ? "-" : String.format(Locale.ROOT, "%.0f", nanos / 1e6);
    }

    private static final class Endpoint {

        private final List<Long> nanos = new ArrayList<>();

        private final Map<String, AtomicLong> failures = new ConcurrentHashMap<>();

        synchronized void answered(long value) {
            nanos.add(value);
        }

        synchronized List<Long> sorted() {
            List<Long> copy = new ArrayList<>(nanos);
            Collections.sort(copy);
            return copy;
        }
    }
}
