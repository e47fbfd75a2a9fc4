package dev.camroll.sync;

import java.util.Map;
import java.util.UUID;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

import dev.camroll.runtime.EmbeddedPostgresServer;
import dev.camroll.testing.TestDatabase;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * V18 on data written before it: rejected lines are no longer kept; each batch keeps how many it had, so its status
 * still says so. Runs the migrations on a database of its own up to V17, writes such lines, then applies V18.
 */
class RejectedLinesMigrationTests {

    private final String database = "camroll_v18_" + UUID.randomUUID().toString().replace("-", "");

    private final JdbcTemplate superuser = new JdbcTemplate(TestDatabase.get().superuser());

    private PGSimpleDataSource owner;

    @BeforeEach
    void emptyDatabase() {
        superuser.execute("CREATE DATABASE " + database + " OWNER " + EmbeddedPostgresServer.OWNER);
        String url = TestDatabase.get().jdbcUrl();
        owner = new PGSimpleDataSource();
        owner.setUrl(url.substring(0, url.lastIndexOf('/') + 1) + database);
        owner.setUser(EmbeddedPostgresServer.OWNER);
        owner.setPassword(EmbeddedPostgresServer.PASSWORD);
    }

    @AfterEach
    void dropDatabase() {
        superuser.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
    }

    @Test
    void rejectedLinesGoAndTheirBatchCountsThemWhileAcceptedLinesStay() {
        migrate("17");
        JdbcTemplate jdbc = new JdbcTemplate(owner);
        jdbc.update("INSERT INTO user_accounts (subject, user_key) VALUES ('alice', 'k1')");
        jdbc.update("""
                INSERT INTO devices (subject, device_id, platform, app_version, photo_library_access, registered_at, updated_at)
                VALUES ('alice', 'phone', 'ios', '1', 'full', now(), now())
                """);
        UUID mixed = UUID.randomUUID();
        UUID clean = UUID.randomUUID();
        jdbc.update("INSERT INTO batches (batch_id, subject, device_id, created_at) VALUES (?, 'alice', 'phone', now()), "
                + "(?, 'alice', 'phone', now())", mixed, clean);
        line(jdbc, mixed, "ok", 0, "upload", null);
        line(jdbc, mixed, "x.bmp", 1, "rejected", "unsupported-media-type");
        line(jdbc, mixed, "raw", 2, "rejected", "file-too-large");
        line(jdbc, clean, "ok", 0, "duplicate", null);

        migrate("18");

        assertThat(jdbc.queryForList("SELECT client_asset_id FROM batch_items WHERE batch_id = ?", String.class, mixed))
            .containsExactly("ok");
        assertThat(jdbc.queryForObject("SELECT rejected_lines FROM batches WHERE batch_id = ?", Integer.class, mixed))
            .isEqualTo(2);
        assertThat(jdbc.queryForObject("SELECT rejected_lines FROM batches WHERE batch_id = ?", Integer.class, clean))
            .isZero();
        assertThatThrownBy(() -> line(jdbc, clean, "again", 1, "rejected", null))
            .as("no rejected line can be stored any more").isInstanceOf(DataIntegrityViolationException.class);
    }

    private void migrate(String target) {
        Flyway.configure()
            .dataSource(owner)
            .locations("classpath:db/migration")
            .placeholders(Map.of("service_role", EmbeddedPostgresServer.SERVICE_ROLE))
            .target(target)
            .load()
            .migrate();
    }

    private static void line(JdbcTemplate jdbc, UUID batchId, String clientAssetId, int position, String disposition,
            String problemType) {
        boolean before = problemType != null;
        jdbc.update("INSERT INTO batch_items (batch_id, client_asset_id, position, sha256, size, mime_type, kind, "
                + "disposition" + (before ? ", problem_type" : "") + ") VALUES (?, ?, ?, ?, 1, 'image/jpeg', 'photo', ?"
                + (before ? ", ?" : "") + ")", before
                        ? new Object[] {batchId, clientAssetId, position, "a".repeat(64), disposition, problemType}
                        : new Object[] {batchId, clientAssetId, position, "a".repeat(64), disposition});
    }
}
