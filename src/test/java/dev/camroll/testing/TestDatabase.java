package dev.camroll.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.sql.DataSource;

import dev.camroll.runtime.EmbeddedPostgresServer;
import org.postgresql.ds.PGSimpleDataSource;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * The one switch for the tests' PostgreSQL: {@code postgres:17} through Testcontainers when a Docker engine
 * answers, otherwise the same embedded PostgreSQL 17 the service runs by default. Never H2, never skipped.
 * One server per test JVM; the service connects as its own non-superuser role, tests that play an attacker
 * get a superuser connection.
 */
public final class TestDatabase {

    private static TestDatabase instance;

    private static final List<Path> DATA_DIRS = new CopyOnWriteArrayList<>();

    private final String jdbcUrl;

    private final DataSource superuser;

    private final String kind;

    private TestDatabase(String jdbcUrl, DataSource superuser, String kind) {
        this.jdbcUrl = jdbcUrl;
        this.superuser = superuser;
        this.kind = kind;
    }

    public static synchronized TestDatabase get() {
        if (instance == null) {
            instance = DockerClientFactory.instance().isDockerAvailable() ? container() : embedded();
            System.out.println("Tests run on " + instance.kind);
        }
        return instance;
    }

    private static TestDatabase container() {
        PostgreSQLContainer postgres = new PostgreSQLContainer("postgres:17");
        postgres.start();
        Runtime.getRuntime().addShutdownHook(new Thread(postgres::stop));
        PGSimpleDataSource admin = dataSource(postgres.getJdbcUrl(), postgres.getUsername(), postgres.getPassword());
        EmbeddedPostgresServer.ensureDatabase(admin);
        String url = "jdbc:postgresql://" + postgres.getHost() + ":" + postgres.getMappedPort(5432) + "/"
                + EmbeddedPostgresServer.DATABASE;
        return new TestDatabase(
                url,
                dataSource(url, postgres.getUsername(), postgres.getPassword()),
                "PostgreSQL in a container (Testcontainers)");
    }

    private static TestDatabase embedded() {
        try {
            Path dir = Files.createTempDirectory("camroll-test-pg");
            EmbeddedPostgresServer server = EmbeddedPostgresServer.start(dir, false, true);
            Runtime.getRuntime().addShutdownHook(new Thread(server::close));
            // zonky's cluster trusts loopback connections, so the superuser needs no password.
            return new TestDatabase(
                    server.jdbcUrl(), dataSource(server.jdbcUrl(), "postgres", ""), "embedded PostgreSQL");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static PGSimpleDataSource dataSource(String url, String user, String password) {
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setUrl(url);
        dataSource.setUser(user);
        dataSource.setPassword(password);
        return dataSource;
    }

    /** The service database's URL, without credentials. */
    public String jdbcUrl() {
        return jdbcUrl;
    }

    /** The schema owner's connection (the role that runs the migrations), not a superuser. */
    public DataSource owner() {
        return dataSource(jdbcUrl, EmbeddedPostgresServer.OWNER, EmbeddedPostgresServer.PASSWORD);
    }

    /** A superuser connection to the service's database, for tests that tamper behind the service's back. */
    public DataSource superuser() {
        return superuser;
    }

    /**
     * The properties of a service instance on the test database, with the production split of roles (migrations
     * as the owner, the service as a role with row access only), a data directory of its own, and its receipt key
     * kept there (one instance).
     */
    /** The transparency log's checkpoint key of every test context and child process on the shared database. */
    public static final String LOG_KEY =
            dev.camroll.client.LogKeys.generate("localhost/v1/consent/log").privateKey();

    public static Map<String, Object> serviceProperties() {
        try {
            Map<String, Object> properties = new java.util.LinkedHashMap<>();
            properties.put("spring.datasource.url", get().jdbcUrl());
            properties.put("spring.datasource.username", EmbeddedPostgresServer.SERVICE_ROLE);
            properties.put("spring.datasource.password", EmbeddedPostgresServer.PASSWORD);
            properties.put("spring.flyway.user", EmbeddedPostgresServer.OWNER);
            properties.put("spring.flyway.password", EmbeddedPostgresServer.PASSWORD);
            // Spring keeps up to 32 test contexts alive, all on this one server (100 connections): an idle context
            // holds one connection, not a full pool.
            properties.put("spring.datasource.hikari.minimum-idle", "1");
            properties.put("spring.datasource.hikari.idle-timeout", "10000"); // milliseconds
            Path dataDir = Files.createTempDirectory("camroll-test-data");
            DATA_DIRS.add(dataDir);
            properties.put("camroll.data-dir", dataDir.toString());
            properties.put("camroll.consent.receipt-key-in-data-dir", "true");
            // Every test context integrates the one log of the shared database: all sign as one log, as a cluster does.
            properties.put("camroll.transparency.signing-key", LOG_KEY);
            // "-" turns the cron off: tests that want the nightly build call it, and a suite running across 00:15 UTC
            // must not get builds for every user in the middle of tests that count jobs.
            properties.put("camroll.suggestions.nightly", "-");
            // All test contexts share one database, so one's reconciler pass would look at another's store with the
            // other's rows: tests that want a pass run it themselves.
            properties.put("camroll.storage.reconciler.enabled", "false");
            return properties;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The data directories of the service instances this JVM started, for a look at what the tests left. */
    public static List<Path> dataDirs() {
        return List.copyOf(DATA_DIRS);
    }

    /** Points a Spring test context at the test database ({@link #serviceProperties()}). */
    public static class Initializer implements ApplicationContextInitializer<ConfigurableApplicationContext> {

        @Override
        public void initialize(ConfigurableApplicationContext context) {
            context.getEnvironment()
                    .getPropertySources()
                    .addFirst(new MapPropertySource("camroll-test-database", serviceProperties()));
        }
    }
}
