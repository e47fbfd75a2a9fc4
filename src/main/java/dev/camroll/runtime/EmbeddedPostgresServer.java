package dev.camroll.runtime;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import javax.sql.DataSource;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * A real PostgreSQL 17 run from the zonky binaries, with its cluster kept in a directory so data survives
 * restarts. The service connects as an ordinary role that owns its database, never as the superuser.
 */
public final class EmbeddedPostgresServer implements AutoCloseable {

    public static final String DATABASE = "camroll";
    public static final String ROLE = "camroll";

    private final EmbeddedPostgres postgres;

    private EmbeddedPostgresServer(EmbeddedPostgres postgres) {
        this.postgres = postgres;
    }

    /** Starts (initialising on first use) the cluster in {@code clusterDir} and ensures the service's database. */
    public static EmbeddedPostgresServer start(Path clusterDir) {
        try {
            Files.createDirectories(clusterDir);
            EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                .setDataDirectory(clusterDir)
                .setCleanDataDirectory(false)
                .setServerConfig("max_connections", "100")
                .start();
            EmbeddedPostgresServer server = new EmbeddedPostgresServer(postgres);
            ensureDatabase(server.superuser(), ROLE, "camroll");
            return server;
        }
        catch (IOException e) {
            throw new UncheckedIOException("cannot start the embedded PostgreSQL in " + clusterDir, e);
        }
    }

    /**
     * Creates the login role {@code role} and a database of the same name that it owns, if missing. The role
     * is not a superuser, so it cannot switch off the ledger's append-only triggers by replication mode.
     */
    public static void ensureDatabase(DataSource superuser, String role, String password) {
        try (Connection c = superuser.getConnection()) {
            if (!exists(c, "SELECT 1 FROM pg_roles WHERE rolname = ?", role)) {
                try (Statement s = c.createStatement()) {
                    s.execute("CREATE ROLE \"" + role + "\" LOGIN PASSWORD '" + password.replace("'", "''") + "'");
                }
            }
            if (!exists(c, "SELECT 1 FROM pg_database WHERE datname = ?", role)) {
                try (Statement s = c.createStatement()) {
                    s.execute("CREATE DATABASE \"" + role + "\" OWNER \"" + role + "\"");
                }
            }
        }
        catch (SQLException e) {
            throw new IllegalStateException("cannot prepare the database " + role, e);
        }
    }

    private static boolean exists(Connection c, String sql, String name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    /** The service's connection URL: its own role on its own database. */
    public String jdbcUrl() {
        return postgres.getJdbcUrl(ROLE, DATABASE);
    }

    /** A connection source with superuser rights on the cluster, for setup. */
    public DataSource superuser() {
        return postgres.getPostgresDatabase();
    }

    /** Superuser rights on the service's database, for tests that play an attacker with full access. */
    public DataSource superuserOnServiceDatabase() {
        return postgres.getDatabase("postgres", DATABASE);
    }

    @Override
    public void close() {
        try {
            postgres.close();
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
