package dev.camroll.runtime;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;

import dev.camroll.runtime.internal.ClusterRecovery;
import dev.camroll.runtime.internal.PostmasterWatchdog;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.jspecify.annotations.Nullable;

/**
 * A real PostgreSQL 17 run from the zonky binaries, with its cluster kept in a directory so data survives
 * restarts. Two roles, as production should have them: {@value #OWNER} owns the schema and runs the migrations;
 * the service connects as {@value #SERVICE_ROLE}, which may read and write rows but owns nothing, so it can neither
 * switch off the ledger's append-only triggers nor truncate tables.
 * <p>
 * The database never outlives this process for long, however the process ends (ADR 0008): a watchdog child stops it
 * with a fast shutdown when this JVM goes, even by SIGKILL, and a start first stops or waits for whatever a killed
 * predecessor left serving the cluster ({@link ClusterRecovery}). An owner lock beside the cluster keeps a second
 * process off a cluster in use.
 */
public final class EmbeddedPostgresServer implements AutoCloseable {

    public static final String DATABASE = "camroll";

    public static final String OWNER = "camroll_owner";

    public static final String SERVICE_ROLE = "camroll";

    /** Local loopback connections are trusted by the embedded cluster; these only matter on a real server. */
    public static final String PASSWORD = "camroll";

    private final EmbeddedPostgres postgres;

    private final FileChannel ownerLock;

    private final @Nullable Process watchdog;

    private EmbeddedPostgresServer(EmbeddedPostgres postgres, FileChannel ownerLock, @Nullable Process watchdog) {
        this.postgres = postgres;
        this.ownerLock = ownerLock;
        this.watchdog = watchdog;
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
        FileChannel ownerLock = lockOwnership(clusterDir);
        EmbeddedPostgres postgres;
        try {
            Files.createDirectories(clusterDir);
            ClusterRecovery.prepare(clusterDir);
            postgres = EmbeddedPostgres.builder()
                    .setDataDirectory(clusterDir)
                    .setCleanDataDirectory(false)
                    .setServerConfig("max_connections", "100")
                    .setServerConfig("synchronous_commit", durable ? "on" : "off")
                    .setServerConfig("fsync", durable ? "on" : "off") // overrides the -F zonky always passes
                    .setRegisterShutdownHook(!closedByOwner)
                    .start();
        } catch (IOException e) {
            close(ownerLock);
            throw new UncheckedIOException("cannot start the embedded PostgreSQL in " + clusterDir, e);
        } catch (RuntimeException e) {
            close(ownerLock);
            throw e;
        }
        EmbeddedPostgresServer server =
                new EmbeddedPostgresServer(postgres, ownerLock, PostmasterWatchdog.start(clusterDir));
        try {
            ensureDatabase(server.superuser());
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
        return server;
    }

    /**
     * Locks {@code {clusterDir}.lock} for the life of this process (the kernel drops the lock when the process dies,
     * however), so the recovery of a killed predecessor never touches a cluster another live process runs.
     */
    private static FileChannel lockOwnership(Path clusterDir) {
        Path lockFile = clusterDir.resolveSibling(clusterDir.getFileName() + ".lock");
        try {
            Files.createDirectories(lockFile.getParent());
            FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException heldHere) {
                lock = null; // by this very process
            } catch (IOException | RuntimeException e) {
                channel.close();
                throw e;
            }
            if (lock == null) {
                channel.close();
                throw new IllegalStateException("another process runs the embedded PostgreSQL in " + clusterDir
                        + " (it holds " + lockFile + "): stop it first, or give this one its own camroll.data-dir");
            }
            return channel;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot lock " + lockFile, e);
        }
    }

    private static void close(FileChannel ownerLock) {
        try {
            ownerLock.close(); // releases the lock
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Creates, if missing, the owner and service login roles (neither a superuser) and the database, owned by
     * {@value #OWNER}.
     */
    public static void ensureDatabase(DataSource superuser) {
        try (Connection c = superuser.getConnection();
                Statement s = c.createStatement()) {
            for (String role : new String[] {OWNER, SERVICE_ROLE}) {
                if (!exists(c, "SELECT 1 FROM pg_roles WHERE rolname = ?", role)) {
                    s.execute("CREATE ROLE \"" + role + "\" LOGIN PASSWORD '" + PASSWORD + "'");
                }
            }
            if (!exists(c, "SELECT 1 FROM pg_database WHERE datname = ?", DATABASE)) {
                s.execute("CREATE DATABASE \"" + DATABASE + "\" OWNER \"" + OWNER + "\"");
            }
        } catch (SQLException e) {
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

    /** Stops PostgreSQL (fast shutdown), then its watchdog, then gives up the cluster. */
    @Override
    public void close() {
        try {
            postgres.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            PostmasterWatchdog.stop(watchdog);
            close(ownerLock);
        }
    }
}
