package dev.camroll.benchmark;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * What the purge benchmark does in the running service's database, as the service's role: it seeds a user's library
 * (what uploads, analysis and suggestion builds leave behind) with set-based INSERTs, queues an analysis backlog as
 * {@code JobQueue} would, and reads the {@code purges} row, the {@code DATA_PURGED} entry and what is left.
 */
final class PurgeDatabase implements AutoCloseable {

    /** The tables the purge empties of a user's rows (batch_items go with their batches), in report order. */
    static final List<String> TABLES =
            List.of("media", "uploads", "batches", "batch_items", "suggestions", "occasions", "jobs");

    /** Media per seeded batch manifest. */
    static final int BATCH_ITEMS = 100;

    /** One suggestion per this many media. */
    static final int MEDIA_PER_SUGGESTION = 50;

    /** The {@code purges} row as one look saw it. */
    record PurgeRow(UUID purgeId, Instant requestedAt, Instant finishedAt, String counts) {}

    private final Connection connection;

    private PurgeDatabase(Connection connection) {
        this.connection = connection;
    }

    static PurgeDatabase of(Path dataDir) throws IOException, SQLException {
        return new PurgeDatabase(ServiceDatabase.connect(dataDir, ""));
    }

    String userKey(String subject) throws SQLException {
        try (PreparedStatement ps =
                connection.prepareStatement("SELECT user_key FROM user_accounts WHERE subject = ?")) {
            ps.setString(1, subject);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        }
    }

    /**
     * Seeds a user's library in one transaction: {@code media} media in {@code state} (processed: previews, original
     * kept; stored: waiting for analysis), their manifests of {@value #BATCH_ITEMS} lines, a completed upload each,
     * and, for processed libraries, a finished {@code analyze-media} job each, a suggestion per
     * {@value #MEDIA_PER_SUGGESTION} media and three occasions. Answers the media ids.
     */
    List<UUID> seedLibrary(String subject, int media, String state, long size) throws SQLException {
        boolean processed = state.equals("processed");
        connection.setAutoCommit(false);
        try {
            update(
                    """
                    INSERT INTO media (media_id, subject, device_id, client_asset_id, kind, mime_type, size, sha256,
                        captured_at, state, created_at, updated_at, width, height, has_preview, original_kept, analyzed_at)
                    SELECT gen_random_uuid(), ?, ?, 'asset-' || lpad(i::text, 6, '0'), 'photo', 'image/jpeg', ?,
                        encode(sha256(convert_to(?::text || i, 'UTF8')), 'hex'), now() - i * interval '1 hour', ?, now(),
                        now(), CASE WHEN ?::boolean THEN 1600 END, CASE WHEN ?::boolean THEN 1200 END, ?::boolean, true,
                        CASE WHEN ?::boolean THEN now() END
                    FROM generate_series(1, ?) i
                    """,
                    subject,
                    SyncClient.DEVICE,
                    size,
                    subject + "/",
                    state,
                    processed,
                    processed,
                    processed,
                    processed,
                    media);
            update("""
                    INSERT INTO batches (batch_id, subject, device_id, created_at)
                    SELECT gen_random_uuid(), ?, ?, now() FROM generate_series(1, ?)
                    """, subject, SyncClient.DEVICE, (media + BATCH_ITEMS - 1) / BATCH_ITEMS);
            update("""
                    WITH m AS (SELECT media_id, client_asset_id, sha256, size,
                                      row_number() OVER (ORDER BY client_asset_id) - 1 AS n
                               FROM media WHERE subject = ?),
                         b AS (SELECT batch_id, row_number() OVER (ORDER BY batch_id) - 1 AS n
                               FROM batches WHERE subject = ?)
                    INSERT INTO batch_items (batch_id, client_asset_id, position, sha256, size, mime_type, kind,
                        disposition, media_id, upload_id)
                    SELECT b.batch_id, m.client_asset_id, m.n % ?, m.sha256, m.size, 'image/jpeg', 'photo', 'upload',
                        m.media_id, gen_random_uuid()
                    FROM m JOIN b ON b.n = m.n / ?
                    """, subject, subject, BATCH_ITEMS, BATCH_ITEMS);
            update("""
                    INSERT INTO uploads (upload_id, subject, batch_id, client_asset_id, device_id, media_id, length,
                        sha256, mime_type, kind, upload_offset, state, created_at, updated_at, expires_at)
                    SELECT i.upload_id, b.subject, i.batch_id, i.client_asset_id, b.device_id, i.media_id, i.size,
                        i.sha256, i.mime_type, i.kind, i.size, 'completed', now(), now(), now() + interval '1 day'
                    FROM batch_items i JOIN batches b USING (batch_id) WHERE b.subject = ?
                    """, subject);
            if (processed) {
                update("""
                        INSERT INTO jobs (id, type, subject, payload, state, attempts, max_attempts, run_at, created_at,
                            updated_at, finished_at)
                        SELECT gen_random_uuid(), 'analyze-media', subject, '{"mediaId":"' || media_id || '"}', 'done',
                            1, 5, now(), now(), now(), now()
                        FROM media WHERE subject = ?
                        """, subject);
                update("""
                        INSERT INTO suggestions (suggestion_id, subject, kind, anchor, title, period_from, period_to,
                            media_ids, basis_ids, cover_media_id, created_at, updated_at, change_seq)
                        SELECT gen_random_uuid(), ?, 'COLLAGE', 'moment-' || n, 'Moment ' || n, now() - interval '1 day',
                            now(), ids, ids, ids[1], now(), now(), nextval('suggestion_changes')
                        FROM (SELECT n, array_agg(media_id ORDER BY media_id) AS ids
                              FROM (SELECT media_id, (row_number() OVER (ORDER BY media_id) - 1) / ? AS n
                                    FROM media WHERE subject = ?) numbered
                              GROUP BY n) groups
                        """, subject, MEDIA_PER_SUGGESTION, subject);
                update("""
                        INSERT INTO occasions (subject, position, label, kind, month, day)
                        VALUES (?, 0, 'Alex', 'birthday', 3, 14), (?, 1, 'Sam', 'birthday', 9, 2),
                               (?, 2, 'Wedding', 'anniversary', 6, 21)
                        """, subject, subject, subject);
            }
            connection.commit();
        } catch (SQLException | RuntimeException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(true);
        }
        List<UUID> ids = new ArrayList<>();
        try (PreparedStatement ps = connection.prepareStatement("SELECT media_id FROM media WHERE subject = ?")) {
            ps.setString(1, subject);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getObject(1, UUID.class));
                }
            }
        }
        return ids;
    }

    /** Queues an {@code analyze-media} job for each of the user's stored media, as an upload's completion does. */
    int queueAnalyses(String subject) throws SQLException {
        return update("""
                INSERT INTO jobs (id, type, subject, payload, state, attempts, max_attempts, run_at, created_at,
                    updated_at)
                SELECT gen_random_uuid(), 'analyze-media', subject, '{"mediaId":"' || media_id || '"}', 'queued', 0, 5,
                    now(), now(), now()
                FROM media WHERE subject = ? AND state = 'stored' ORDER BY client_asset_id
                """, subject);
    }

    /** Cancels the user's queued jobs, as a withdrawal would. */
    void cancelQueued(String subject) throws SQLException {
        update("""
                UPDATE jobs SET state = 'cancelled', finished_at = now(), updated_at = now()
                WHERE subject = ? AND state = 'queued'
                """, subject);
    }

    /** The user's rows in each table the purge empties. */
    Map<String, Integer> rows(String subject) throws SQLException {
        Map<String, Integer> rows = new LinkedHashMap<>();
        for (String table : TABLES) {
            String sql = table.equals("batch_items")
                    ? "SELECT count(*) FROM batch_items WHERE batch_id IN (SELECT batch_id FROM batches WHERE subject = ?)"
                    : "SELECT count(*) FROM " + table + " WHERE subject = ?";
            rows.put(table, single(sql, subject));
        }
        return rows;
    }

    /** The user's jobs of a type in a state. */
    int jobs(String subject, String type, String state) throws SQLException {
        try (PreparedStatement ps =
                connection.prepareStatement("SELECT count(*) FROM jobs WHERE subject = ? AND type = ? AND state = ?")) {
            ps.setString(1, subject);
            ps.setString(2, type);
            ps.setString(3, state);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    /** The user's latest purge, or {@code null}. */
    PurgeRow purge(String subject) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("""
                SELECT purge_id, requested_at, finished_at, counts FROM purges WHERE subject = ?
                ORDER BY requested_at DESC LIMIT 1
                """)) {
            ps.setString(1, subject);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                Timestamp finished = rs.getTimestamp(3);
                return new PurgeRow(
                        rs.getObject(1, UUID.class),
                        rs.getTimestamp(2).toInstant(),
                        finished == null ? null : finished.toInstant(),
                        rs.getString(4));
            }
        }
    }

    /** The details of the user's {@code DATA_PURGED} entries, oldest first. */
    List<String> purgedEntries(String subject) throws SQLException {
        List<String> details = new ArrayList<>();
        try (PreparedStatement ps = connection.prepareStatement(
                "SELECT details FROM consent_events WHERE subject = ? AND type = 'DATA_PURGED' ORDER BY seq")) {
            ps.setString(1, subject);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    details.add(rs.getString(1));
                }
            }
        }
        return details;
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

    private int update(String sql, Object... parameters) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                ps.setObject(i + 1, parameters[i]);
            }
            return ps.executeUpdate();
        }
    }

    @Override
    public void close() throws SQLException {
        connection.close();
    }
}
