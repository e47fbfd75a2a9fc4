package dev.camroll.cluster;

import java.nio.file.Path;
import java.time.Duration;

/**
 * The rig's sizes and timings, from environment variables ({@code scripts/cluster-rig} documents them), each with a
 * default that keeps a run under 15 minutes on two cores.
 *
 * @param users simulated users, each with two phones
 * @param lines manifest lines all phones together announce (each phone announces {@code lines / (2 * users)})
 * @param calmUsers users who sync before the faults start (the rest sync while they happen)
 * @param withdrawers users (of those who sync during the faults) who withdraw {@code cloud_processing} mid-sync
 * @param killEvery how often a random instance is SIGKILLed (and started again)
 * @param s3Outage how long the object store refuses connections
 * @param clockSkew how far one instance's clock is pushed ahead (through libfaketime); zero for none
 * @param instanceHeap each instance's {@code -Xmx}
 * @param basePort the balancer's port; the instances, the object store and PostgreSQL take the next ones
 * @param seed what the camera rolls and the fault schedule are made from
 * @param workDir where the run keeps its camera rolls, logs and verdict
 */
record RigSettings(
        int users,
        int lines,
        int calmUsers,
        int withdrawers,
        Duration killEvery,
        Duration s3Outage,
        Duration clockSkew,
        String instanceHeap,
        int basePort,
        long seed,
        Path workDir) {

    static final int INSTANCES = 3;

    static RigSettings fromEnvironment(Path defaultWorkDir) {
        return new RigSettings(
                number("CLUSTER_USERS", 50),
                number("CLUSTER_LINES", 3000),
                number("CLUSTER_CALM_USERS", 15),
                number("CLUSTER_WITHDRAWERS", 5),
                Duration.ofSeconds(number("CLUSTER_KILL_EVERY_SECONDS", 30)),
                Duration.ofSeconds(number("CLUSTER_S3_OUTAGE_SECONDS", 20)),
                Duration.ofSeconds(number("CLUSTER_CLOCK_SKEW_SECONDS", 90)),
                text("CLUSTER_INSTANCE_HEAP", "320m"),
                number("CLUSTER_PORT", 18080),
                number("CLUSTER_SEED", 7),
                Path.of(text("CLUSTER_WORK_DIR", defaultWorkDir.toString())));
    }

    /** Manifest lines per phone. */
    int linesPerPhone() {
        return Math.max(4, lines / (2 * users));
    }

    int instancePort(int slot) {
        return basePort + 1 + slot;
    }

    int s3Port() {
        return basePort + 10;
    }

    int s3ProxyPort() {
        return basePort + 11;
    }

    int postgresPort() {
        return basePort + 12;
    }

    int haproxyStatsPort() {
        return basePort + 13;
    }

    private static int number(String name, int fallback) {
        String value = System.getenv(name);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a whole number, not " + value, e);
        }
    }

    private static String text(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value.trim();
    }
}
