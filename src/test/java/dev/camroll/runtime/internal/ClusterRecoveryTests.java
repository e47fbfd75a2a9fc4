package dev.camroll.runtime.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;

import dev.camroll.runtime.EmbeddedPostgresServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What a power cut leaves in the embedded cluster's directory, and a second process on a cluster in use. (Kills of a
 * running service are in {@link EmbeddedCrashTests}.)
 */
class ClusterRecoveryTests {

    @TempDir
    Path work;

    @Test
    void aPidFileWhosePidWasReusedAfterAPowerCutNeitherStopsTheStartNorTouchesThatProcess() throws Exception {
        Path cluster = work.resolve("postgres");
        EmbeddedPostgresServer.start(cluster, false, true).close();
        Process unrelated = new ProcessBuilder("sleep", "120").start();
        try {
            Files.writeString(
                    cluster.resolve(ClusterRecovery.PID_FILE),
                    unrelated.pid() + "\n" + cluster + "\n" + Instant.now().getEpochSecond()
                            + "\n5432\n/tmp\nlocalhost\n  5432001     32768\nready   \n");

            try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(cluster, false, true)) {
                assertThat(selectOne(server)).isEqualTo(1);
                assertThat(ClusterRecovery.PidFile.read(cluster).orElseThrow().pid())
                        .as("the new postmaster's")
                        .isNotEqualTo(unrelated.pid());
            }
            assertThat(unrelated.isAlive())
                    .as("the process that reused the pid")
                    .isTrue();
        } finally {
            unrelated.destroyForcibly();
        }
    }

    @Test
    void anEmptyPidFileLeftByAPowerCutIsRemoved() throws Exception {
        Path cluster = work.resolve("postgres");
        EmbeddedPostgresServer.start(cluster, false, true).close();
        Files.writeString(cluster.resolve(ClusterRecovery.PID_FILE), ""); // created, never written

        try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(cluster, false, true)) {
            assertThat(selectOne(server)).isEqualTo(1);
        }
    }

    @Test
    void aSecondStartOnAClusterInUseIsRefusedAndLeavesTheRunningOneAlone() throws Exception {
        Path cluster = work.resolve("postgres");
        try (EmbeddedPostgresServer running = EmbeddedPostgresServer.start(cluster, false, true)) {
            assertThatThrownBy(() -> EmbeddedPostgresServer.start(cluster, false, true))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("another process runs the embedded PostgreSQL in " + cluster);
            assertThat(selectOne(running))
                    .as("the running cluster still answers")
                    .isEqualTo(1);
        }
    }

    private static int selectOne(EmbeddedPostgresServer server) throws Exception {
        try (Connection c = server.superuser().getConnection();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT 1")) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
