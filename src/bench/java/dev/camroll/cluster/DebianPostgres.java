package dev.camroll.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * A PostgreSQL cluster of Debian's packages (postgresql-common's {@code pg_createcluster}), made for one run and
 * dropped after it: passwords over TCP ({@code scram-sha-256}), fsync on, and the two production roles of
 * docs/operations.md (schema owner and service role), neither a superuser.
 */
final class DebianPostgres implements AutoCloseable {

    static final String NAME = "camroll-rig";

    static final String OWNER = "camroll_owner";

    static final String SERVICE = "camroll";

    static final String PASSWORD = "rig-password";

    private final String version;

    private final int port;

    private DebianPostgres(String version, int port) {
        this.version = version;
        this.port = port;
    }

    /** Creates and starts the cluster on {@code port} (dropping one a crashed run left), with roles and database. */
    static DebianPostgres create(int port) throws IOException, InterruptedException {
        if (!Commands.available("pg_createcluster")) {
            throw new IllegalStateException("pg_createcluster not found: install Debian's postgresql");
        }
        String version;
        try (Stream<Path> versions = Files.list(Path.of("/usr/lib/postgresql"))) {
            version = versions.map(path -> path.getFileName().toString())
                    .filter(name -> name.matches("\\d+"))
                    .max(Comparator.comparingInt(Integer::parseInt))
                    .orElseThrow(() -> new IllegalStateException("no PostgreSQL under /usr/lib/postgresql"));
        }
        DebianPostgres postgres = new DebianPostgres(version, port);
        if (Commands.run(List.of("pg_lsclusters", "-h")).lines().anyMatch(line -> line.split("\\s+")[1].equals(NAME))) {
            Commands.run(List.of("pg_dropcluster", "--stop", version, NAME));
        }
        Commands.run(List.of(
                "pg_createcluster",
                "--port=" + port,
                "--start-conf=manual",
                "-o",
                "max_connections=120",
                version,
                NAME,
                "--",
                "--auth-local=peer",
                "--auth-host=scram-sha-256"));
        Commands.run(List.of("pg_ctlcluster", version, NAME, "start"));
        postgres.psql("CREATE ROLE " + OWNER + " LOGIN PASSWORD '" + PASSWORD + "'");
        postgres.psql("CREATE ROLE " + SERVICE + " LOGIN PASSWORD '" + PASSWORD + "'");
        postgres.psql("CREATE DATABASE camroll OWNER " + OWNER);
        return postgres;
    }

    String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/camroll";
    }

    String version() {
        return version;
    }

    /** A connection as the schema owner, for the verdicts (reads every table). */
    Connection ownerConnection() throws SQLException {
        // Timeouts: a connection made while the server restarts must fail, not hang the verdicts.
        return DriverManager.getConnection(jdbcUrl() + "?connectTimeout=10&socketTimeout=120", OWNER, PASSWORD);
    }

    /** Restarts the server with a fast shutdown: open transactions roll back, every connection is cut. */
    void restartFast() throws IOException, InterruptedException {
        Commands.run(List.of("pg_ctlcluster", version, NAME, "restart", "-m", "fast"));
    }

    private void psql(String sql) throws IOException, InterruptedException {
        Commands.run(List.of(
                "runuser",
                "-u",
                "postgres",
                "--",
                "psql",
                "-X",
                "-q",
                "-v",
                "ON_ERROR_STOP=1",
                "-p",
                String.valueOf(port),
                "-d",
                "postgres",
                "-c",
                sql));
    }

    @Override
    public void close() throws IOException, InterruptedException {
        Commands.run(List.of("pg_dropcluster", "--stop", version, NAME));
    }
}
