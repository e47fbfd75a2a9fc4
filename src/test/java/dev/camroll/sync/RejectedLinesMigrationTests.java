package dev.camroll.sync;

import java.util.UUID;

import dev.camroll.testing.MigrationDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * V18 on data written before it: rejected lines are no longer kept; each batch keeps how many it had, so its status
 * still says so. Runs the migrations on a database of its own up to V17, writes such lines, then applies V18.
 */
class RejectedLinesMigrationTests {

    @RegisterExtension
    final MigrationDatabase database = new MigrationDatabase();

    @Test
    void rejectedLinesGoAndTheirBatchCountsThemWhileAcceptedLinesStay() {
        database.migrate("17");
        JdbcTemplate jdbc = database.owner();
        jdbc.update("INSERT INTO user_accounts (subject, user_key) VALUES ('alice', 'k1')");
        jdbc.update("""
                INSERT INTO devices (subject, device_id, platform, app_version, photo_library_access, registered_at, updated_at)
                VALUES ('alice', 'phone', 'ios', '1', 'full', now(), now())
                """);
        UUID mixed = UUID.randomUUID();
        UUID clean = UUID.randomUUID();
        jdbc.update(
                "INSERT INTO batches (batch_id, subject, device_id, created_at) VALUES (?, 'alice', 'phone', now()), "
                        + "(?, 'alice', 'phone', now())",
                mixed,
                clean);
        line(jdbc, mixed, "ok", 0, "upload", null);
        line(jdbc, mixed, "x.bmp", 1, "rejected", "unsupported-media-type");
        line(jdbc, mixed, "raw", 2, "rejected", "file-too-large");
        line(jdbc, clean, "ok", 0, "duplicate", null);

        database.migrate("18");

        assertThat(jdbc.queryForList("SELECT client_asset_id FROM batch_items WHERE batch_id = ?", String.class, mixed))
                .containsExactly("ok");
        assertThat(jdbc.queryForObject("SELECT rejected_lines FROM batches WHERE batch_id = ?", Integer.class, mixed))
                .isEqualTo(2);
        assertThat(jdbc.queryForObject("SELECT rejected_lines FROM batches WHERE batch_id = ?", Integer.class, clean))
                .isZero();
        assertThatThrownBy(() -> line(jdbc, clean, "again", 1, "rejected", null))
                .as("no rejected line can be stored any more")
                .isInstanceOf(DataIntegrityViolationException.class);
    }

    private static void line(
            JdbcTemplate jdbc,
            UUID batchId,
            String clientAssetId,
            int position,
            String disposition,
            String problemType) {
        boolean before = problemType != null;
        jdbc.update(
                "INSERT INTO batch_items (batch_id, client_asset_id, position, sha256, size, mime_type, kind, "
                        + "disposition" + (before ? ", problem_type" : "")
                        + ") VALUES (?, ?, ?, ?, 1, 'image/jpeg', 'photo', ?"
                        + (before ? ", ?" : "") + ")",
                before
                        ? new Object[] {batchId, clientAssetId, position, "a".repeat(64), disposition, problemType}
                        : new Object[] {batchId, clientAssetId, position, "a".repeat(64), disposition});
    }
}
