package dev.camroll.upload;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The uploads table as the tus endpoint needs it. Writers hold a lease ({@code writer}, {@code writer_until}):
 * only the holder may record progress, and only while the upload is open, so a racing PATCH, a withdrawal or an
 * expiry in between can never be overwritten. An upload that ends without media of its own is announced as
 * {@link UploadEnded}, so that the batches of the lines answered with it can settle.
 */
@Component
class UploadRows {

    private static final String COLUMNS = """
            upload_id, subject, batch_id, client_asset_id, device_id, media_id, length, sha256, mime_type, kind,
            captured_at, upload_offset, state, staging, expires_at
            """;

    private final JdbcClient jdbc;

    private final ApplicationEventPublisher events;

    UploadRows(JdbcClient jdbc, ApplicationEventPublisher events) {
        this.jdbc = jdbc;
        this.events = events;
    }

    Optional<UploadRecord> find(UUID uploadId, String subject) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM uploads WHERE upload_id = ? AND subject = ?")
                .params(uploadId, subject)
                .query(UploadRows::record)
                .optional();
    }

    Optional<UploadRecord> findByLine(UUID batchId, String clientAssetId, String subject) {
        return jdbc.sql("SELECT " + COLUMNS
                        + " FROM uploads WHERE batch_id = ? AND client_asset_id = ? AND subject = ?")
                .params(batchId, clientAssetId, subject)
                .query(UploadRows::record)
                .optional();
    }

    /** Takes the writer lease if the upload is open, stands at {@code offset} and nobody holds it. */
    boolean acquire(UUID uploadId, long offset, String writer, Duration lease) {
        return jdbc.sql("""
                UPDATE uploads SET writer = ?, writer_until = now() + make_interval(secs => ?)
                WHERE upload_id = ? AND state = 'open' AND expires_at > now() AND upload_offset = ?
                    AND (writer_until IS NULL OR writer_until < now())
                """).params(writer, lease.toSeconds(), uploadId, offset).update() == 1;
    }

    /**
     * Records durable progress, and moves the expiry on (an upload that makes progress does not expire); false
     * when the lease was lost or the upload is no longer open.
     */
    boolean progress(UUID uploadId, String writer, long offset, String staging, Duration lease, Duration expiry) {
        return jdbc.sql("""
                UPDATE uploads SET upload_offset = ?, staging = ?, writer_until = now() + make_interval(secs => ?),
                    expires_at = greatest(expires_at, now() + make_interval(secs => ?)), updated_at = now()
                WHERE upload_id = ? AND writer = ? AND state = 'open'
                """)
                        .params(offset, staging, lease.toSeconds(), expiry.toSeconds(), uploadId, writer)
                        .update()
                == 1;
    }

    /**
     * A writer that found its upload ended leaves its staging for removal (the ender may have removed an older
     * state already), so bytes it wrote after the end are not orphaned. Never on a completed upload, whose final
     * object is its media.
     */
    void leaveForRemoval(UUID uploadId, String staging) {
        jdbc.sql("""
                UPDATE uploads SET staging = ?
                WHERE upload_id = ? AND state NOT IN ('open', 'completed') AND staging IS NULL
                """).params(staging, uploadId).update();
    }

    void release(UUID uploadId, String writer) {
        jdbc.sql("UPDATE uploads SET writer = NULL, writer_until = NULL WHERE upload_id = ? AND writer = ?")
                .params(uploadId, writer)
                .update();
    }

    /** Keeps the leases of requests still streaming in this instance; answers the writers whose upload is still open. */
    List<String> renew(Collection<String> writers, Duration lease) {
        if (writers.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("""
                UPDATE uploads SET writer_until = now() + make_interval(secs => ?)
                WHERE writer = ANY(?) AND state = 'open' RETURNING writer
                """)
                .params(lease.toSeconds(), writers.toArray(String[]::new))
                .query(String.class)
                .list();
    }

    /** Fails an open upload held by {@code writer} whose bytes are already removed. */
    boolean fail(UUID uploadId, String writer, String problemType, String problemDetail) {
        return jdbc.sql("""
                UPDATE uploads SET state = 'failed', problem_type = ?, problem_detail = ?, writer = NULL,
                    writer_until = NULL, staging = NULL, updated_at = now()
                WHERE upload_id = ? AND writer = ? AND state = 'open' RETURNING subject, upload_id
                """)
                .params(problemType, problemDetail, uploadId, writer)
                .query(UploadRows::ended)
                .optional()
                .map(this::announce)
                .isPresent();
    }

    /**
     * Completes an open upload held by {@code writer}. {@code mediaId} is the media that holds the content (the
     * reserved one, or the user's existing media with the same content, whose copy here is then left for removal).
     */
    boolean complete(UUID uploadId, String writer, UUID mediaId, boolean leaveStagingForRemoval) {
        return jdbc.sql("""
                UPDATE uploads SET state = 'completed', media_id = ?, writer = NULL, writer_until = NULL,
                    staging = CASE WHEN ? THEN staging END, updated_at = now()
                WHERE upload_id = ? AND writer = ? AND state = 'open' RETURNING subject, upload_id
                """)
                .params(mediaId, leaveStagingForRemoval, uploadId, writer)
                .query(UploadRows::ended)
                .optional()
                // Its content is media the user already has: the line is settled as a duplicate.
                .map(ended -> leaveStagingForRemoval ? announce(ended) : ended)
                .isPresent();
    }

    /** Open uploads whose last byte arrived but that were never completed (their instance died), not being written. */
    List<UploadRecord> arrivedButNotCompleted(int limit) {
        return jdbc.sql("SELECT " + COLUMNS + """
                 FROM uploads WHERE state = 'open' AND upload_offset = length AND staging IS NOT NULL
                    AND (writer_until IS NULL OR writer_until < now()) LIMIT ?
                """)
                .param(limit)
                .query(UploadRows::record)
                .list();
    }

    /**
     * Ends an open upload on the client's request (tus termination) or for lack of consent; a request writing to it
     * is stopped at its next lease renewal and leaves its bytes for removal.
     */
    boolean cancel(UUID uploadId) {
        return jdbc.sql("""
                UPDATE uploads SET state = 'cancelled', updated_at = now() WHERE upload_id = ? AND state = 'open'
                RETURNING subject, upload_id
                """)
                .param(uploadId)
                .query(UploadRows::ended)
                .optional()
                .map(this::announce)
                .isPresent();
    }

    int cancelAllOf(String subject) {
        return jdbc.sql(
                        "UPDATE uploads SET state = 'cancelled', updated_at = now() WHERE subject = ? AND state = 'open'")
                .param(subject)
                .update();
    }

    /**
     * Marks open uploads past their expiry expired; not those being written, and not those whose bytes all
     * arrived (they are completed instead).
     */
    int expire() {
        List<UploadEnded> expired = jdbc.sql("""
                UPDATE uploads SET state = 'expired', updated_at = now()
                WHERE state = 'open' AND expires_at < now() AND upload_offset < length
                    AND (writer_until IS NULL OR writer_until < now())
                RETURNING subject, upload_id
                """).query(UploadRows::ended).list();
        expired.forEach(this::announce);
        return expired.size();
    }

    /** The user's uploads that never completed, as (upload id, media id): those a writer may have left bytes of. */
    List<UUID[]> neverCompleted(String subject) {
        return jdbc.sql("SELECT upload_id, media_id FROM uploads WHERE subject = ? AND state <> 'completed'")
                .param(subject)
                .query((rs, n) -> new UUID[] {rs.getObject(1, UUID.class), rs.getObject(2, UUID.class)})
                .list();
    }

    /** Ended uploads whose staged bytes are still to be removed. */
    List<Object[]> withStagedBytesToRemove(String subject, int limit) {
        return jdbc.sql("SELECT upload_id, staging FROM uploads WHERE state <> 'open' AND staging IS NOT NULL"
                        + (subject == null ? "" : " AND subject = ?") + " ORDER BY updated_at LIMIT " + limit)
                .params(subject == null ? List.of() : List.of(subject))
                .query((rs, n) -> new Object[] {rs.getObject(1, UUID.class), rs.getString(2)})
                .list();
    }

    void stagedBytesRemoved(UUID uploadId, String staging) {
        jdbc.sql("UPDATE uploads SET staging = NULL WHERE upload_id = ? AND staging = ? AND state <> 'open'")
                .params(uploadId, staging)
                .update();
    }

    private UploadEnded announce(UploadEnded ended) {
        events.publishEvent(ended);
        return ended;
    }

    private static UploadEnded ended(ResultSet rs, int row) throws SQLException {
        return new UploadEnded(rs.getString(1), rs.getObject(2, UUID.class));
    }

    private static UploadRecord record(ResultSet rs, int row) throws SQLException {
        Timestamp capturedAt = rs.getTimestamp(11);
        return new UploadRecord(
                rs.getObject(1, UUID.class),
                rs.getString(2),
                rs.getObject(3, UUID.class),
                rs.getString(4),
                rs.getString(5),
                rs.getObject(6, UUID.class),
                rs.getLong(7),
                rs.getString(8),
                rs.getString(9),
                rs.getString(10),
                capturedAt == null ? null : capturedAt.toInstant(),
                rs.getLong(12),
                rs.getString(13),
                rs.getString(14),
                rs.getTimestamp(15).toInstant());
    }
}
