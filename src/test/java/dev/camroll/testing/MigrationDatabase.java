package dev.camroll.testing;

import java.util.Map;
import java.util.UUID;

import dev.camroll.runtime.EmbeddedPostgresServer;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.postgresql.ds.PGSimpleDataSource;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A database of its own for a test of one migration: created empty before each test, migrated up to a version
 * (data written as the old schema had it), migrated on, and dropped after. Register with {@code @RegisterExtension}.
 */
public final class MigrationDatabase implements BeforeEachCallback, AfterEachCallback {

    private final String name =
            "camroll_migration_" + UUID.randomUUID().toString().replace("-", "");

    private PGSimpleDataSource owner;

    @Override
    public void beforeEach(ExtensionContext context) {
        superuser().execute("CREATE DATABASE " + name + " OWNER " + EmbeddedPostgresServer.OWNER);
        String url = TestDatabase.get().jdbcUrl();
        owner = new PGSimpleDataSource();
        owner.setUrl(url.substring(0, url.lastIndexOf('/') + 1) + name);
        owner.setUser(EmbeddedPostgresServer.OWNER);
        owner.setPassword(EmbeddedPostgresServer.PASSWORD);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        superuser().execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    }

    /** Applies the migrations up to and including {@code target}, as the schema owner does at start-up. */
    public void migrate(String target) {
        Flyway.configure()
                .dataSource(owner)
                .locations("classpath:db/migration")
                .placeholders(Map.of("service_role", EmbeddedPostgresServer.SERVICE_ROLE))
                .target(target)
                .load()
                .migrate();
    }

    /** Statements as the schema owner, who may write what the service role may not. */
    public JdbcTemplate owner() {
        return new JdbcTemplate(owner);
    }

    private static JdbcTemplate superuser() {
        return new JdbcTemplate(TestDatabase.get().superuser());
    }
}
