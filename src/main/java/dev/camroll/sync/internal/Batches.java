package dev.camroll.sync.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import dev.camroll.identity.Subject;
import dev.camroll.media.MediaId;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The {@code batches} and {@code batch_items} tables: the only code that reads or writes them. A batch and its kept
 * lines are written once, with the manifest's answer, and only ever read or purged after.
 */
// JdbcClient, not JPA: rows are never updated, and the reads are set-based (a window over a user's batches, keyset
// export pages, lines of many batches by ANY, the purge's bulk delete).
@Component
class Batches {

    /** A manifest as kept: who sent it from which device, when, and how many of its lines were rejected. */
    record Batch(BatchId id, Subject subject, DeviceId deviceId, Instant createdAt, int rejectedLines) {}

    /** What a manifest line was answered; only {@code upload} and {@code duplicate} lines are kept. */
    enum Disposition {
        /** Send the file to the upload resource the line names (its own or one it shares). */
        UPLOAD,
        /** The user has the content stored already; nothing is sent. */
        DUPLICATE,
        /** Refused (type, size, quota): answered with a problem, never kept (the batch counts it). */
        REJECTED;

        /** The word of the API and of the column. */
        String slug() {
            return name().toLowerCase(Locale.ROOT);
        }

        static Disposition ofSlug(String slug) {
            return valueOf(slug.toUpperCase(Locale.ROOT));
        }
    }

    /**
     * A kept line of a manifest as the app sent it, and what was decided for it: the media it names, and for
     * {@code upload} (and a {@code duplicate} still following an open upload) the upload it follows.
     */
    record Line(
            String clientAssetId,
            String sha256,
            long size,
            String mimeType,
            String kind,
            @Nullable Instant capturedAt,
            @Nullable String pairedWith,
            Disposition disposition,
            @Nullable UUID mediaId,
            @Nullable UUID uploadId) {

        Line {
            if (disposition == Disposition.REJECTED) {
                throw new IllegalArgumentException("rejected lines are answered, never kept");
            }
        }
    }

    private static final String BATCH_COLUMNS = "b.batch_id, b.subject, b.device_id, b.created_at, b.rejected_lines";

    private static final String LINE_COLUMNS =
            "client_asset_id, sha256, size, mime_type, kind, captured_at, paired_with, disposition, media_id, upload_id";

    private final JdbcClient jdbc;

    Batches(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Keeps a manifest with its kept lines, in their manifest order. */
    void add(Batch batch, List<Line> lines) {
        jdbc.sql(
                        "INSERT INTO batches (batch_id, subject, device_id, created_at, rejected_lines) VALUES (?, ?, ?, ?, ?)")
                .params(
                        batch.id().value(),
                        batch.subject().value(),
                        batch.deviceId().value(),
                        Timestamp.from(batch.createdAt()),
                        batch.rejectedLines())
                .update();
        for (int position = 0; position < lines.size(); position++) {
            Line line = lines.get(position);
            jdbc.sql("""
                    INSERT INTO batch_items (batch_id, client_asset_id, position, sha256, size, mime_type, kind,
                        captured_at, paired_with, disposition, media_id, upload_id)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """)
                    .params(
                            batch.id().value(),
                            line.clientAssetId(),
                            position,
                            line.sha256(),
                            line.size(),
                            line.mimeType(),
                            line.kind(),
                            line.capturedAt() == null ? null : Timestamp.from(line.capturedAt()),
                            line.pairedWith(),
                            line.disposition().slug(),
                            line.mediaId(),
                            line.uploadId())
                    .update();
        }
    }

    /** The user's batch sent from the device. */
    Optional<Batch> find(Subject subject, DeviceId deviceId, BatchId batchId) {
        return jdbc.sql("SELECT " + BATCH_COLUMNS
                        + " FROM batches b WHERE b.batch_id = ? AND b.subject = ? AND b.device_id = ?")
                .params(batchId.value(), subject.value(), deviceId.value())
                .query(Batches::batch)
                .optional();
    }

    /** The batch's kept lines, in manifest order. */
    List<Line> lines(BatchId batchId) {
        return jdbc.sql("SELECT " + LINE_COLUMNS + " FROM batch_items WHERE batch_id = ? ORDER BY position")
                .param(batchId.value())
                .query(Batches::line)
                .list();
    }

    /** The upload the user's line was answered with, if it follows one. */
    Optional<UUID> uploadOf(Subject subject, BatchId batchId, String clientAssetId) {
        return jdbc.sql("""
                SELECT i.upload_id FROM batch_items i JOIN batches b ON b.batch_id = i.batch_id
                WHERE i.batch_id = ? AND i.client_asset_id = ? AND b.subject = ? AND i.upload_id IS NOT NULL
                """)
                .params(batchId.value(), clientAssetId, subject.value())
                .query(UUID.class)
                .optional();
    }

    /** The user's batches with a line that waits for this media: the line that announced it and lines sharing it. */
    List<Batch> waitingForMedia(Subject subject, UUID mediaId) {
        return jdbc.sql("SELECT " + BATCH_COLUMNS + """
                 FROM batches b WHERE b.subject = ? AND b.batch_id IN (
                    SELECT i.batch_id FROM batch_items i WHERE i.media_id = ? AND i.upload_id IS NOT NULL)
                """)
                .params(subject.value(), mediaId)
                .query(Batches::batch)
                .list();
    }

    /** The user's batches with a line that follows this upload: its own and those sharing it. */
    List<Batch> followingUpload(Subject subject, UUID uploadId) {
        return jdbc.sql("SELECT " + BATCH_COLUMNS + """
                 FROM batches b WHERE b.subject = ? AND b.batch_id IN (
                    SELECT i.batch_id FROM batch_items i WHERE i.upload_id = ?)
                """)
                .params(subject.value(), uploadId)
                .query(Batches::batch)
                .list();
    }

    /** The media the batch's {@code upload} lines reserved for content of their own. */
    List<MediaId> mediaBrought(BatchId batchId) {
        return jdbc.sql("""
                        SELECT media_id FROM batch_items
                        WHERE batch_id = ? AND disposition = ? AND media_id IS NOT NULL
                        """)
                .params(batchId.value(), Disposition.UPLOAD.slug())
                .query((rs, n) -> MediaId.of(rs.getObject(1, UUID.class)))
                .list();
    }

    /**
     * When the {@code n}-th newest of the user's batches sent after {@code since} was sent (1 is the newest), if there
     * are that many.
     */
    Optional<Instant> nthNewestSince(Subject subject, Instant since, int n) {
        return jdbc.sql("""
                SELECT created_at FROM batches WHERE subject = ? AND created_at > ?
                ORDER BY created_at DESC OFFSET ? LIMIT 1
                """)
                .params(subject.value(), Timestamp.from(since), n - 1)
                .query(Timestamp.class)
                .optional()
                .map(Timestamp::toInstant);
    }

    /** Up to {@code limit} of the user's batches after {@code last} (oldest first), each with its kept lines. */
    Map<Batch, List<Line>> pageAfter(Subject subject, @Nullable Batch last, int limit) {
        Map<UUID, Batch> batches = new LinkedHashMap<>();
        jdbc.sql("SELECT " + BATCH_COLUMNS + """
                 FROM batches b
                WHERE b.subject = ? AND (CAST(? AS timestamptz) IS NULL OR (b.created_at, b.batch_id) > (?, ?))
                ORDER BY b.created_at, b.batch_id LIMIT ?
                """)
                .params(
                        subject.value(),
                        last == null ? null : Timestamp.from(last.createdAt()),
                        last == null ? null : Timestamp.from(last.createdAt()),
                        last == null ? null : last.id().value(),
                        limit)
                .query(Batches::batch)
                .list()
                .forEach(batch -> batches.put(batch.id().value(), batch));
        Map<Batch, List<Line>> page = new LinkedHashMap<>();
        batches.values().forEach(batch -> page.put(batch, new ArrayList<>()));
        if (batches.isEmpty()) {
            return page;
        }
        jdbc.sql("SELECT batch_id, " + LINE_COLUMNS
                        + " FROM batch_items WHERE batch_id = ANY (?) ORDER BY batch_id, position")
                .param(batches.keySet().toArray(UUID[]::new))
                .query((rs, n) -> page.get(batches.get(rs.getObject("batch_id", UUID.class)))
                        .add(line(rs, n)))
                .list();
        return page;
    }

    /** Deletes the user's batches with their lines; how many batches there were. */
    int erase(Subject subject) {
        jdbc.sql("DELETE FROM batch_items WHERE batch_id IN (SELECT batch_id FROM batches WHERE subject = ?)")
                .param(subject.value())
                .update();
        return jdbc.sql("DELETE FROM batches WHERE subject = ?")
                .param(subject.value())
                .update();
    }

    private static Batch batch(ResultSet rs, int row) throws SQLException {
        return new Batch(
                new BatchId(rs.getObject("batch_id", UUID.class)),
                new Subject(rs.getString("subject")),
                new DeviceId(rs.getString("device_id")),
                rs.getTimestamp("created_at").toInstant(),
                rs.getInt("rejected_lines"));
    }

    private static Line line(ResultSet rs, int row) throws SQLException {
        Timestamp capturedAt = rs.getTimestamp("captured_at");
        return new Line(
                rs.getString("client_asset_id"),
                rs.getString("sha256"),
                rs.getLong("size"),
                rs.getString("mime_type"),
                rs.getString("kind"),
                capturedAt == null ? null : capturedAt.toInstant(),
                rs.getString("paired_with"),
                Disposition.ofSlug(rs.getString("disposition")),
                rs.getObject("media_id", UUID.class),
                rs.getObject("upload_id", UUID.class));
    }
}
