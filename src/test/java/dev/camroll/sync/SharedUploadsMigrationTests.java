package dev.camroll.sync;

import java.util.UUID;

import dev.camroll.testing.MigrationDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * V14 on data written before it: a line answered {@code duplicate} for content an open upload was still bringing
 * follows that upload from then on; lines of stored content, or of an upload that already ended, stay as they were.
 * Runs the migrations on a database of its own up to V12, writes such lines, then applies the rest up to V14.
 */
class SharedUploadsMigrationTests {

    @RegisterExtension
    final MigrationDatabase database = new MigrationDatabase();

    @Test
    void aDuplicateLineOfContentStillArrivingFollowsItsUploadAndTheOthersStayAsTheyWere() {
        database.migrate("12");
        JdbcTemplate jdbc = database.owner();
        jdbc.update("INSERT INTO user_accounts (subject, user_key) VALUES ('alice', 'k1')");
        jdbc.update("""
                INSERT INTO devices (subject, device_id, platform, app_version, photo_library_access, registered_at, updated_at)
                VALUES ('alice', 'phone', 'ios', '1', 'full', now(), now()), ('alice', 'tablet', 'android', '1', 'full', now(), now())
                """);
        UUID phoneBatch = UUID.randomUUID();
        UUID tabletBatch = UUID.randomUUID();
        jdbc.update(
                "INSERT INTO batches (batch_id, subject, device_id, created_at) VALUES (?, 'alice', 'phone', now()), "
                        + "(?, 'alice', 'tablet', now())",
                phoneBatch,
                tabletBatch);
        UUID arriving = upload(jdbc, phoneBatch, "a", "open");
        UUID expired = upload(jdbc, phoneBatch, "b", "expired");
        UUID stored = UUID.randomUUID();
        jdbc.update("""
                INSERT INTO media (media_id, subject, kind, mime_type, size, sha256, state, created_at, updated_at)
                VALUES (?, 'alice', 'photo', 'image/jpeg', 1, ?, 'processed', now(), now())
                """, stored, "c".repeat(64));
        duplicate(jdbc, tabletBatch, "a-copy", 0, mediaOf(jdbc, arriving));
        duplicate(jdbc, tabletBatch, "b-copy", 1, mediaOf(jdbc, expired));
        duplicate(jdbc, tabletBatch, "c-copy", 2, stored);

        database.migrate("14");

        assertThat(uploadOfLine(jdbc, tabletBatch, "a-copy")).isEqualTo(arriving);
        assertThat(uploadOfLine(jdbc, tabletBatch, "b-copy")).isNull();
        assertThat(uploadOfLine(jdbc, tabletBatch, "c-copy")).isNull();
        assertThat(jdbc.queryForList(
                        "SELECT DISTINCT disposition FROM batch_items WHERE batch_id = ?", String.class, tabletBatch))
                .as("what the app was told stays")
                .containsExactly("duplicate");
    }

    /** An upload of the phone's line and that line, as the manifest wrote them. */
    private static UUID upload(JdbcTemplate jdbc, UUID batchId, String clientAssetId, String state) {
        UUID uploadId = UUID.randomUUID();
        UUID mediaId = UUID.randomUUID();
        String sha256 = clientAssetId.repeat(64);
        jdbc.update("""
                INSERT INTO uploads (upload_id, subject, batch_id, client_asset_id, device_id, media_id, length, sha256,
                    mime_type, kind, state, created_at, updated_at, expires_at)
                VALUES (?, 'alice', ?, ?, 'phone', ?, 100, ?, 'image/jpeg', 'photo', ?, now(), now(), now() + interval '1 day')
                """, uploadId, batchId, clientAssetId, mediaId, sha256, state);
        jdbc.update("""
                INSERT INTO batch_items (batch_id, client_asset_id, position, sha256, size, mime_type, kind, disposition,
                    media_id, upload_id)
                VALUES (?, ?, 0, ?, 100, 'image/jpeg', 'photo', 'upload', ?, ?)
                """, batchId, clientAssetId, sha256, mediaId, uploadId);
        return uploadId;
    }

    private static void duplicate(JdbcTemplate jdbc, UUID batchId, String clientAssetId, int position, UUID mediaId) {
        jdbc.update(
                """
                INSERT INTO batch_items (batch_id, client_asset_id, position, sha256, size, mime_type, kind, disposition, media_id)
                VALUES (?, ?, ?, ?, 100, 'image/jpeg', 'photo', 'duplicate', ?)
                """,
                batchId,
                clientAssetId,
                position,
                clientAssetId.substring(0, 1).repeat(64),
                mediaId);
    }

    private static UUID mediaOf(JdbcTemplate jdbc, UUID uploadId) {
        return jdbc.queryForObject("SELECT media_id FROM uploads WHERE upload_id = ?", UUID.class, uploadId);
    }

    private static UUID uploadOfLine(JdbcTemplate jdbc, UUID batchId, String clientAssetId) {
        return jdbc.queryForObject(
                "SELECT upload_id FROM batch_items WHERE batch_id = ? AND client_asset_id = ?",
                UUID.class,
                batchId,
                clientAssetId);
    }
}
