package dev.camroll.benchmark;

/** Bytes moved in a wall-clock time. */
record Throughput(long bytes, long nanos) {

    /** Megabytes (10^6 bytes) per second. */
    double mbPerSecond() {
        return nanos == 0 ? 0 : bytes / 1e6 / (nanos / 1e9);
    }
}
