package dev.camroll.benchmark;

/**
 * The service's heap as its Prometheus endpoint shows it: the sums over the heap's memory pools, and its GC pauses
 * so far.
 */
record HeapMetrics(long used, long committed, long max, long gcPauses, double gcSeconds) {

    static HeapMetrics parse(String prometheus) {
        long used = 0;
        long committed = 0;
        long max = 0;
        long pauses = 0;
        double seconds = 0;
        for (String line : prometheus.split("\n")) {
            if (line.startsWith("#")) {
                continue;
            }
            double value = value(line);
            if (line.contains("area=\"heap\"")) {
                if (line.startsWith("jvm_memory_used_bytes{")) {
                    used += (long) value;
                } else if (line.startsWith("jvm_memory_committed_bytes{")) {
                    committed += (long) value;
                } else if (line.startsWith("jvm_memory_max_bytes{") && value > 0) {
                    // G1 reports -1 (no own limit) for its young pools and the heap's limit for the old one.
                    max += (long) value;
                }
            } else if (line.startsWith("jvm_gc_pause_seconds_count{")) {
                pauses += (long) value;
            } else if (line.startsWith("jvm_gc_pause_seconds_sum{")) {
                seconds += value;
            }
        }
        return new HeapMetrics(used, committed, max, pauses, seconds);
    }

    private static double value(String line) {
        try {
            return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
