package dev.camroll.benchmark;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.camroll.api.Ids;

/**
 * What the suggestions benchmark does in the running service's database, as the service's own role (which reads and
 * writes rows): it seeds a user's processed photos into {@code media}, queues a {@code build-suggestions} job as
 * {@code JobQueue} would, watches that job, and reads the user's suggestions. Seeding stands in for uploads and
 * analysis, which the analysis benchmark measures; the build only reads what they leave in {@code media}.
 */
final class SuggestionDatabase implements AutoCloseable {

    /** Rows per multi-row INSERT: 28 columns each, well below PostgreSQL's 65535 parameters per statement. */
    private static final int INSERT_BATCH = 500;

    /**
     * A job as one look at the {@code jobs} table saw it.
     *
     * @param updatedAt while {@code running}, when the claim took it (the claim's {@code now()}); completion
     *     overwrites it
     * @param finishedAt when it was recorded done, dead or cancelled, else {@code null}
     * @param now the database's clock at the look ({@code clock_timestamp()})
     */
    record JobRow(String state, int attempts, Instant updatedAt, Instant finishedAt, String lastError, Instant now) {

        boolean isFinal() {
            return finishedAt != null;
        }
    }

    /** A suggestion as the table holds it (removed ones included). */
    record Row(
            UUID id,
            String kind,
            String anchor,
            String title,
            String subtitle,
            List<UUID> mediaIds,
            List<UUID> basisIds,
            UUID coverMediaId,
            Instant periodTo,
            boolean removed,
            long changeSeq) {}

    private final Connection connection;

    private SuggestionDatabase(Connection connection) {
        this.connection = connection;
    }

    /** Connects to the service's embedded PostgreSQL, which must be running. */
    static SuggestionDatabase of(Path dataDir) throws IOException, SQLException {
        // Batched INSERTs go as multi-row statements: 20 round trips for 10,000 photos instead of 10,000.
        return new SuggestionDatabase(ServiceDatabase.connect(dataDir, "reWriteBatchedInserts=true"));
    }

    /** This connection's server process, whose CPU is the benchmark's, not the service's. */
    long backendPid() throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("SELECT pg_backend_pid()");
                ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /**
     * Inserts the photos as the user's processed media, in one transaction, as the analysis leaves them: with a
     * preview ({@code has_preview}, though no preview object exists), the original deleted (the user gives
     * {@code cloud_processing} only), uploaded from {@value SyncClient#DEVICE} at {@code uploadedAt} (a millisecond
     * apart each), analysed a few seconds later.
     */
    void insertPhotos(String subject, List<CameraRoll.Photo> photos, Instant uploadedAt) throws SQLException {
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        try (PreparedStatement ps = connection.prepareStatement("""
                INSERT INTO media (media_id, subject, device_id, client_asset_id, kind, mime_type, size, sha256,
                    captured_at, state, created_at, updated_at, captured_at_local, captured_offset, width, height,
                    camera_make, camera_model, latitude, longitude, has_preview, difference_hash, sharpness, brightness,
                    colourfulness, warmth, original_kept, analyzed_at)
                VALUES (?, ?, ?, ?, 'photo', ?, ?, ?, ?, 'processed', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, true, ?, ?, ?, ?, ?,
                    false, ?)
                """)) {
            int pending = 0;
            for (int i = 0; i < photos.size(); i++) {
                CameraRoll.Photo photo = photos.get(i);
                Timestamp created = Timestamp.from(uploadedAt.plusMillis(i));
                Timestamp analysed = Timestamp.from(uploadedAt.plusMillis(i).plusSeconds(4));
                int c = 1;
                ps.setObject(c++, photo.mediaId());
                ps.setString(c++, subject);
                ps.setString(c++, SyncClient.DEVICE);
                ps.setString(c++, photo.clientAssetId());
                ps.setString(c++, photo.mimeType());
                ps.setLong(c++, photo.size());
                ps.setString(c++, photo.sha256());
                ps.setTimestamp(c++, Timestamp.from(photo.takenAt()));
                ps.setTimestamp(c++, created);
                ps.setTimestamp(c++, analysed);
                if (photo.takenLocal() == null) {
                    ps.setNull(c++, Types.TIMESTAMP);
                    ps.setNull(c++, Types.VARCHAR);
                } else {
                    ps.setTimestamp(c++, Timestamp.valueOf(photo.takenLocal()));
                    ps.setString(c++, photo.offset().getId());
                }
                ps.setInt(c++, photo.width());
                ps.setInt(c++, photo.height());
                ps.setString(c++, photo.cameraModel() == null ? null : "Apple");
                ps.setString(c++, photo.cameraModel());
                ps.setObject(c++, photo.latitude(), Types.DOUBLE);
                ps.setObject(c++, photo.longitude(), Types.DOUBLE);
                ps.setLong(c++, photo.differenceHash());
                ps.setDouble(c++, photo.sharpness());
                ps.setDouble(c++, photo.brightness());
                ps.setDouble(c++, photo.colourfulness());
                ps.setDouble(c++, photo.warmth());
                ps.setTimestamp(c, analysed);
                ps.addBatch();
                if (++pending == INSERT_BATCH) {
                    ps.executeBatch();
                    pending = 0;
                }
            }
            if (pending > 0) {
                ps.executeBatch();
            }
            connection.commit();
        } catch (SQLException | RuntimeException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(autoCommit);
        }
    }

    /**
     * Queues a {@code build-suggestions} job for the user, as a settled batch does ({@code JobQueue.enqueue} with the
     * subject as dedupe key, payload {@code {}}), but with one attempt: a failed build is a wrong outcome to report,
     * not something to retry with a backoff inside the timing. Answers its id.
     */
    UUID enqueueBuild(String subject) throws SQLException {
        UUID id = Ids.newId();
        try (PreparedStatement ps = connection.prepareStatement("""
                INSERT INTO jobs (id, type, subject, payload, state, attempts, max_attempts, run_at, dedupe_key,
                                  created_at, updated_at)
                VALUES (?, 'build-suggestions', ?, '{}', 'queued', 0, 1, now(), ?, now(), now())
                """)) {
            ps.setObject(1, id);
            ps.setString(2, subject);
            ps.setString(3, subject);
            ps.executeUpdate();
        }
        return id;
    }

    /** The job as it is now. */
    JobRow job(UUID id) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("""
                SELECT state, attempts, updated_at, finished_at, last_error, clock_timestamp() FROM jobs WHERE id = ?
                """)) {
            ps.setObject(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new IllegalStateException("job " + id + " is gone");
                }
                return new JobRow(
                        rs.getString(1), rs.getInt(2), instant(rs, 3), instant(rs, 4), rs.getString(5), instant(rs, 6));
            }
        }
    }

    /**
     * The user's jobs of a type by state ({@code done: 12}), and under {@code lastFinished} when the last of them
     * finished, in epoch milliseconds (0 for none).
     */
    Map<String, Long> jobs(String type, String subject) throws SQLException {
        Map<String, Long> states = new LinkedHashMap<>();
        long lastFinished = 0;
        try (PreparedStatement ps = connection.prepareStatement("""
                SELECT state, count(*), max(finished_at) FROM jobs WHERE type = ? AND subject = ?
                GROUP BY state ORDER BY state
                """)) {
            ps.setString(1, type);
            ps.setString(2, subject);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    states.put(rs.getString(1), rs.getLong(2));
                    Instant finished = instant(rs, 3);
                    if (finished != null) {
                        lastFinished = Math.max(lastFinished, finished.toEpochMilli());
                    }
                }
            }
        }
        states.put("lastFinished", lastFinished);
        return states;
    }

    /**
     * Reads the user's shots with the query {@code MediaLibrary.shots} runs (a copy: the benchmark times it alone,
     * to show the query's share of a build) and answers how many rows it read.
     */
    int readShots(String subject) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("""
                SELECT media_id,
                    coalesce(captured_at_local, coalesce(captured_at, created_at) AT TIME ZONE 'UTC') AS taken_local,
                    coalesce(captured_at, created_at), latitude, longitude, width, height, difference_hash, sharpness,
                    brightness, colourfulness, warmth
                FROM media
                WHERE subject = ? AND state = 'processed' AND has_preview AND difference_hash IS NOT NULL
                ORDER BY taken_local, media_id
                """)) {
            ps.setString(1, subject);
            int rows = 0;
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rs.getObject(1, UUID.class);
                    rs.getObject(2, java.time.LocalDateTime.class);
                    rs.getObject(3, OffsetDateTime.class);
                    for (int column = 4; column <= 12; column++) {
                        rs.getObject(column);
                    }
                    rows++;
                }
            }
            return rows;
        }
    }

    /** Every suggestion of the user, removed ones included, in the order of their last change. */
    List<Row> suggestions(String subject) throws SQLException {
        List<Row> rows = new ArrayList<>();
        try (PreparedStatement ps = connection.prepareStatement("""
                SELECT suggestion_id, kind, anchor, title, subtitle, media_ids, basis_ids, cover_media_id, period_to,
                    removed_at IS NOT NULL, change_seq
                FROM suggestions WHERE subject = ? ORDER BY change_seq
                """)) {
            ps.setString(1, subject);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(new Row(
                            rs.getObject(1, UUID.class),
                            rs.getString(2),
                            rs.getString(3),
                            rs.getString(4),
                            rs.getString(5),
                            uuids(rs.getArray(6)),
                            uuids(rs.getArray(7)),
                            rs.getObject(8, UUID.class),
                            instant(rs, 9),
                            rs.getBoolean(10),
                            rs.getLong(11)));
                }
            }
        }
        return rows;
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        OffsetDateTime time = rs.getObject(column, OffsetDateTime.class);
        return time == null ? null : time.toInstant();
    }

    private static List<UUID> uuids(Array array) throws SQLException {
        return Arrays.asList((UUID[]) array.getArray());
    }

    @Override
    public void close() throws SQLException {
        connection.close();
    }
}
