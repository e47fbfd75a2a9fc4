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
 * restarts. Two roles, as production should have them: {@value #OWNER} owns the schema and runs the migrations;
 * the service connects as {@value #SERVICE_ROLE}, which may read and write rows but owns nothing, so it can neither
 * switch off the ledger's append-only triggers nor truncate tables.
 */
public final class EmbeddedPostgresServer implements AutoCloseable {

    public static final String DATABASE = "camroll";

    public static final String OWNER = "camroll_owner";

    public static final String SERVICE_ROLE = "camroll";

    /** Local loopback connections are trusted by the embedded cluster; these only matter on a real server. */
    public static final String PASSWORD = "camroll";

    private final EmbeddedPostgres postgres;

    private EmbeddedPostgresServer(EmbeddedPostgres postgres) {
        this.postgres = postgres;
    }

    /**
     * Starts (initialising on first use) the cluster in {@code clusterDir} and ensures the service's database.
     *
     * @param durable whether commits are flushed to disk before they return. The service's data must survive a
     *     power cut (a consent receipt handed out is a promise), so the service runs durable; zonky's defaults (fsync
     *     and synchronous commit off) are only for throwaway test clusters.
     * @param closedByOwner whether the caller closes the server (the service's Spring context does, as a bean, after
     *     the job workers have stopped). Otherwise a JVM shutdown hook stops it; but that hook runs alongside Spring's,
     *     so on SIGTERM the database could go while running jobs still need it to record their outcome.
     */
    public static EmbeddedPostgresServer start(Path clusterDir, boolean durable, boolean closedByOwner) {
        try {
            Files.createDirectories(clusterDir);
            EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                .setDataDirectory(clusterDir)
                .setCleanDataDirectory(false)
                .setServerConfig("max_connections", "100")
                .setServerConfig("synchronous_commit", durable ? "on" : "off")
                .setServerConfig("fsync", durable ? "on" : "off") // overrides the -F zonky always passes
                .setRegisterShutdownHook(!closedByOwner)
                .start();
            EmbeddedPostgresServer server = new EmbeddedPostgresServer(postgres);
            ensureDatabase(server.superuser());
            return server;
        }
        catch (IOException e) {
            throw new UncheckedIOException("cannot start the embedded PostgreSQL in " + clusterDir, e);
        }
    }

    /**
     * Creates, if missing, the owner and service login roles (neither a superuser) and the database, owned by
     * {@value #OWNER}.
     */
    public static void ensureDatabase(DataSource superuser) {
        try (Connection c = superuser.getConnection(); Statement s = c.createStatement()) {
            for (String role : new String[] {OWNER, SERVICE_ROLE}) {
                if (!exists(c, "SELECT 1 FROM pg_roles WHERE rolname = ?", role)) {
                    s.execute("CREATE ROLE \"" + role + "\" LOGIN PASSWORD '" + PASSWORD + "'");
                }
            }
            if (!exists(c, "SELECT 1 FROM pg_database WHERE datname = ?", DATABASE)) {
                s.execute("CREATE DATABASE \"" + DATABASE + "\" OWNER \"" + OWNER + "\"");
            }
        }
        catch (SQLException e) {
            throw new IllegalStateException("cannot prepare the database " + DATABASE, e);
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

    /** The service database's URL, without credentials. */
    public String jdbcUrl() {
        return "jdbc:postgresql://localhost:" + postgres.getPort() + "/" + DATABASE;
    }

    /** A connection source with superuser rights on the cluster, for setup. */
    public DataSource superuser() {
        return postgres.getPostgresDatabase();
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
