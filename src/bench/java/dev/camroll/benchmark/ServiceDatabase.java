package dev.camroll.benchmark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Read-only queries on the running service's embedded PostgreSQL, for what the API does not show: the jobs table,
 * with the queue's own timestamps, and every media's state in one cheap query. The cluster listens on a port chosen
 * at each start, which its {@code postmaster.pid} names; loopback connections are trusted.
 */
final class ServiceDatabase implements AutoCloseable {

    /** A media's outcome: its state and, when it failed, the problem's slug. */
    record Outcome(String clientAssetId, String state, String problemType) {}

    private final Connection connection;

    private ServiceDatabase(Connection connection) {
        this.connection = connection;
    }

    /** Connects as the service's role to the cluster in {@code dataDir/postgres}, which must be running. */
    static ServiceDatabase of(Path dataDir) throws IOException, SQLException {
        return new ServiceDatabase(connect(dataDir, ""));
    }

    /**
     * A connection as the service's role to the cluster in {@code dataDir/postgres}, which must be running, with
     * PgJDBC's URL parameters ({@code reWriteBatchedInserts=true}, or none).
     */
    static Connection connect(Path dataDir, String parameters) throws IOException, SQLException {
        // postmaster.pid: pid, data directory, start time, port, ...
        List<String> pid = Files.readAllLines(dataDir.resolve("postgres").resolve("postmaster.pid"));
        int port = Integer.parseInt(pid.get(3).trim());
        return DriverManager.getConnection(
                "jdbc:postgresql://localhost:" + port + "/camroll" + (parameters.isEmpty() ? "" : "?" + parameters),
                "camroll",
                "camroll");
    }

    /** How many of the user's media are no longer {@code stored}: processed or failed. */
    int settled(String subject) throws SQLException {
        return single("SELECT count(*) FROM media WHERE subject = ? AND state <> 'stored'", subject);
    }

    /** Every media of the user, by client asset id. */
    Map<String, Outcome> outcomes(String subject) throws SQLException {
        Map<String, Outcome> outcomes = new LinkedHashMap<>();
        try (PreparedStatement ps = connection.prepareStatement(
                "SELECT client_asset_id, state, problem_type FROM media WHERE subject = ? ORDER BY client_asset_id")) {
            ps.setString(1, subject);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    outcomes.put(rs.getString(1), new Outcome(rs.getString(1), rs.getString(2), rs.getString(3)));
                }
            }
        }
        return outcomes;
    }

    /** When each finished job of the type and user finished ({@code jobs.finished_at}, the database's clock), in order. */
    List<Instant> finishTimes(String type, String subject) throws SQLException {
        List<Instant> times = new ArrayList<>();
        try (PreparedStatement ps = connection.prepareStatement("""
                SELECT finished_at FROM jobs WHERE type = ? AND subject = ? AND finished_at IS NOT NULL
                ORDER BY finished_at
                """)) {
            ps.setString(1, type);
            ps.setString(2, subject);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    times.add(rs.getTimestamp(1).toInstant());
                }
            }
        }
        return times;
    }

    /** The user's jobs of a type by state ({@code queued: 1}), and in {@code attempts>1} how many took more than one. */
    Map<String, Integer> jobStates(String type, String subject) throws SQLException {
        Map<String, Integer> states = new LinkedHashMap<>();
        try (PreparedStatement ps = connection.prepareStatement("""
                SELECT state, count(*), count(*) FILTER (WHERE attempts > 1) FROM jobs
                WHERE type = ? AND subject = ? GROUP BY state ORDER BY state
                """)) {
            ps.setString(1, type);
            ps.setString(2, subject);
            try (ResultSet rs = ps.executeQuery()) {
                int retried = 0;
                while (rs.next()) {
                    states.put(rs.getString(1), rs.getInt(2));
                    retried += rs.getInt(3);
                }
                states.put("attempts>1", retried);
            }
        }
        return states;
    }

    private int single(String sql, String parameter) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            ps.setString(1, parameter);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    @Override
    public void close() throws SQLException {
        connection.close();
    }
}
