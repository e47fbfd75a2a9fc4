package dev.camroll.upload.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;

import dev.camroll.identity.Subject;
import dev.camroll.upload.UploadEnded;
import dev.camroll.upload.UploadId;
import dev.camroll.upload.UploadState;
import dev.camroll.upload.Uploads;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The uploads table: every statement on it is here. Writers hold a lease ({@code writer}, {@code writer_until}):
 * only the holder may record progress, and only while the upload is open, so a racing PATCH, a withdrawal or an
 * expiry in between can never be overwritten. An upload that ends without media of its own is announced as
 * {@link UploadEnded}, so that the batches of the lines answered with it can settle.
 *
 * <p>JdbcClient, not JPA: nearly every write is a conditional update (a lease, a state change only an open upload
 * takes) on the database's clock, most with RETURNING, and the sweep and the purge work on sets of rows.
 */
@Component
class UploadRows {

    /** An ended upload whose staged bytes are still to be removed ({@code staging} is its staged state). */
    record StagedToRemove(UploadId uploadId, String staging) {}

    /** An upload that never completed: a writer may have left bytes at its staging key or its final key. */
    record NeverCompleted(UploadId uploadId, UUID mediaId) {}

    /** An upload that may have bytes in the store (open, or ended with bytes still to be removed). */
    record WithBytes(UploadId uploadId, String subject, UUID mediaId) {}

    private static final String COLUMNS = """
            upload_id, subject, batch_id, client_asset_id, device_id, media_id, length, sha256, mime_type, kind,
            captured_at, upload_offset, state, staging, expires_at, problem_type, problem_detail
            """;

    private final JdbcClient jdbc;

    private final ApplicationEventPublisher events;

    private final TransactionTemplate unforced;

    UploadRows(JdbcClient jdbc, ApplicationEventPublisher events, PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.events = events;
        this.unforced = new TransactionTemplate(transactions);
    }

    /**
     * Runs a write whose commit other requests and instances must see at once, but that need not survive a crash of
     * the machine: a writer lease taken or given back, the staging recorded before its first byte and after its last
     * (the completion's synchronous commit follows). Its commit does not wait for PostgreSQL's log to reach the disk
     * (synchronous_commit off for this transaction only), which takes a disk flush off each upload request. If the
     * machine fails, what such a commit is lost to is harmless: a lease is moot once its holder is gone, a client
     * resends what no recorded offset covers, and staged bytes no row names are removed by the reconciler. Inside a
     * caller's transaction it runs as part of it, which keeps that transaction's own durability.
     */
    private <T> T unforced(Supplier<T> write) {
        if (TransactionSynchronizationManager.isActualTransactionActive()) {
            return write.get();
        }
        return unforced.execute(tx -> {
            jdbc.sql("SET LOCAL synchronous_commit = off").update();
            return write.get();
        });
    }

    /** Creates an open upload for the announced file. */
    void insert(UploadId uploadId, Uploads.Announced file, Instant now, Instant expiresAt) {
        jdbc.sql("""
                INSERT INTO uploads (upload_id, subject, batch_id, client_asset_id, device_id, media_id, length, sha256,
                    mime_type, kind, captured_at, state, created_at, updated_at, expires_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'open', ?, ?, ?)
                """)
                .params(
                        uploadId.value(),
                        file.subject().value(),
                        file.batchId(),
                        file.clientAssetId(),
                        file.deviceId(),
                        file.mediaId(),
                        file.length(),
                        file.sha256(),
                        file.mimeType(),
                        file.kind(),
                        file.capturedAt() == null ? null : Timestamp.from(file.capturedAt()),
                        Timestamp.from(now),
                        Timestamp.from(now),
                        Timestamp.from(expiresAt))
                .update();
    }

    /**
     * Moves the expiry of the user's open upload of this content (the one furthest along) on to at least
     * {@code expiresAt} and answers it; an upload whose last byte arrived counts even past its expiry. One conditional
     * update, so an expiry racing it either ends the upload first (nothing is shared) or finds the expiry moved on.
     */
    Optional<Uploads.Reservation> share(String subject, String sha256, Instant now, Instant expiresAt) {
        Timestamp at = Timestamp.from(now);
        return jdbc.sql("""
                UPDATE uploads SET expires_at = greatest(expires_at, ?)
                WHERE upload_id = (SELECT upload_id FROM uploads WHERE subject = ? AND sha256 = ? AND state = 'open'
                                       AND (expires_at > ? OR upload_offset = length)
                                   ORDER BY upload_offset DESC LIMIT 1)
                    AND state = 'open' AND (expires_at > ? OR upload_offset = length)
                RETURNING upload_id, media_id, expires_at
                """)
                .params(Timestamp.from(expiresAt), subject, sha256, at, at)
                .query((rs, n) -> new Uploads.Reservation(
                        UploadId.of(rs.getObject(1, UUID.class)),
                        rs.getObject(2, UUID.class),
                        rs.getTimestamp(3).toInstant()))
                .optional();
    }

    /** Keeps an open upload open at least until {@code expiresAt} (the expiry of a slot given for it). */
    void keepOpenUntil(UploadId uploadId, Instant expiresAt) {
        jdbc.sql("UPDATE uploads SET expires_at = greatest(expires_at, ?) WHERE upload_id = ? AND state = 'open'")
                .params(Timestamp.from(expiresAt), uploadId.value())
                .update();
    }

    /** Bytes the user's open uploads not yet expired at {@code now} will add. */
    long reservedBytes(String subject, Instant now) {
        return jdbc.sql(
                        "SELECT coalesce(sum(length), 0) FROM uploads WHERE subject = ? AND state = 'open' AND expires_at > ?")
                .params(subject, Timestamp.from(now))
                .query(Long.class)
                .single();
    }

    Optional<UploadRecord> find(UploadId uploadId, String subject) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM uploads WHERE upload_id = ? AND subject = ?")
                .params(uploadId.value(), subject)
                .query(UploadRows::record)
                .optional();
    }

    /** These uploads, whoever's they are (those that exist). */
    List<UploadRecord> findAll(Collection<UploadId> uploadIds) {
        if (uploadIds.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("SELECT " + COLUMNS + " FROM uploads WHERE upload_id = ANY(?)")
                .param(uploadIds.stream().map(UploadId::value).toArray(UUID[]::new))
                .query(UploadRows::record)
                .list();
    }

    Optional<UploadRecord> findByLine(UUID batchId, String clientAssetId, String subject) {
        return jdbc.sql("SELECT " + COLUMNS
                        + " FROM uploads WHERE batch_id = ? AND client_asset_id = ? AND subject = ?")
                .params(batchId, clientAssetId, subject)
                .query(UploadRows::record)
                .optional();
    }

    /** Takes the writer lease if the upload is open, stands at {@code offset} and nobody holds it. */
    boolean acquire(UploadId uploadId, long offset, String writer, Duration lease) {
        return unforced(() -> jdbc.sql("""
                UPDATE uploads SET writer = ?, writer_until = now() + make_interval(secs => ?)
                WHERE upload_id = ? AND state = 'open' AND expires_at > now() AND upload_offset = ?
                    AND (writer_until IS NULL OR writer_until < now())
                """)
                        .params(writer, lease.toSeconds(), uploadId.value(), offset)
                        .update()
                == 1);
    }

    /**
     * Records durable progress, and moves the expiry on (an upload that makes progress does not expire); false
     * when the lease was lost or the upload is no longer open.
     */
    boolean progress(UploadId uploadId, String writer, long offset, String staging, Duration lease, Duration expiry) {
        return jdbc.sql("""
                UPDATE uploads SET upload_offset = ?, staging = ?, writer_until = now() + make_interval(secs => ?),
                    expires_at = greatest(expires_at, now() + make_interval(secs => ?)), updated_at = now()
                WHERE upload_id = ? AND writer = ? AND state = 'open'
                """)
                        .params(offset, staging, lease.toSeconds(), expiry.toSeconds(), uploadId.value(), writer)
                        .update()
                == 1;
    }

    /** {@link #progress} before the first byte is staged: nothing a client was told depends on it (see unforced). */
    boolean stagingBegun(UploadId uploadId, String writer, String staging, Duration lease, Duration expiry) {
        return unforced(() -> progress(uploadId, writer, 0, staging, lease, expiry));
    }

    /**
     * {@link #progress} with the last byte staged, right before the completion, whose commit makes this one durable
     * as well (PostgreSQL's log is written in order); should the machine fail first, the client resends.
     */
    boolean arrived(UploadId uploadId, String writer, String staging, Duration lease, Duration expiry) {
        return unforced(() -> jdbc.sql("""
                                UPDATE uploads SET upload_offset = length, staging = ?,
                                    writer_until = now() + make_interval(secs => ?),
                                    expires_at = greatest(expires_at, now() + make_interval(secs => ?)), updated_at = now()
                                WHERE upload_id = ? AND writer = ? AND state = 'open'
                                """)
                        .params(staging, lease.toSeconds(), expiry.toSeconds(), uploadId.value(), writer)
                        .update()
                == 1);
    }

    /**
     * A writer that found its upload ended leaves its staging for removal (the ender may have removed an older
     * state already), so bytes it wrote after the end are not orphaned. Never on a completed upload, whose final
     * object is its media.
     */
    void leaveForRemoval(UploadId uploadId, String staging) {
        jdbc.sql("""
                UPDATE uploads SET staging = ?
                WHERE upload_id = ? AND state NOT IN ('open', 'completed') AND staging IS NULL
                """).params(staging, uploadId.value()).update();
    }

    void release(UploadId uploadId, String writer) {
        unforced(() -> jdbc.sql(
                        "UPDATE uploads SET writer = NULL, writer_until = NULL WHERE upload_id = ? AND writer = ?")
                .params(uploadId.value(), writer)
                .update());
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

    /** Whether a request holds a write lease on an upload of the user (it may still stage or complete bytes). */
    boolean anyWriting(String subject) {
        return jdbc.sql("SELECT EXISTS (SELECT 1 FROM uploads WHERE subject = ? AND writer_until > now())")
                .param(subject)
                .query(Boolean.class)
                .single();
    }

    /** Fails an open upload held by {@code writer} whose bytes are already removed. */
    boolean fail(UploadId uploadId, String writer, String problemType, String problemDetail) {
        return jdbc.sql("""
                UPDATE uploads SET state = 'failed', problem_type = ?, problem_detail = ?, writer = NULL,
                    writer_until = NULL, staging = NULL, updated_at = now()
                WHERE upload_id = ? AND writer = ? AND state = 'open' RETURNING subject, upload_id
                """)
                .params(problemType, problemDetail, uploadId.value(), writer)
                .query(UploadRows::ended)
                .optional()
                .map(this::announce)
                .isPresent();
    }

    /**
     * Completes an open upload held by {@code writer}. {@code mediaId} is the media that holds the content (the
     * reserved one, or the user's existing media with the same content, whose copy here is then left for removal).
     */
    boolean complete(UploadId uploadId, String writer, UUID mediaId, boolean leaveStagingForRemoval) {
        return jdbc.sql("""
                UPDATE uploads SET state = 'completed', media_id = ?, writer = NULL, writer_until = NULL,
                    staging = CASE WHEN ? THEN staging END, updated_at = now()
                WHERE upload_id = ? AND writer = ? AND state = 'open' RETURNING subject, upload_id
                """)
                .params(mediaId, leaveStagingForRemoval, uploadId.value(), writer)
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
    boolean cancel(UploadId uploadId) {
        return jdbc.sql("""
                UPDATE uploads SET state = 'cancelled', updated_at = now() WHERE upload_id = ? AND state = 'open'
                RETURNING subject, upload_id
                """)
                .param(uploadId.value())
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

    /** The user's uploads that never completed: those a writer may have left bytes of. */
    List<NeverCompleted> neverCompleted(String subject) {
        return jdbc.sql("SELECT upload_id, media_id FROM uploads WHERE subject = ? AND state <> 'completed'")
                .param(subject)
                .query((rs, n) ->
                        new NeverCompleted(UploadId.of(rs.getObject(1, UUID.class)), rs.getObject(2, UUID.class)))
                .list();
    }

    /** Ended uploads whose staged bytes are still to be removed, of one user or (null) of everyone. */
    List<StagedToRemove> withStagedBytesToRemove(@Nullable String subject, int limit) {
        return jdbc.sql("SELECT upload_id, staging FROM uploads WHERE state <> 'open' AND staging IS NOT NULL"
                        + (subject == null ? "" : " AND subject = ?") + " ORDER BY updated_at LIMIT " + limit)
                .params(subject == null ? List.of() : List.of(subject))
                .query((rs, n) -> new StagedToRemove(UploadId.of(rs.getObject(1, UUID.class)), rs.getString(2)))
                .list();
    }

    void stagedBytesRemoved(UploadId uploadId, String staging) {
        jdbc.sql("UPDATE uploads SET staging = NULL WHERE upload_id = ? AND staging = ? AND state <> 'open'")
                .params(uploadId.value(), staging)
                .update();
    }

    /**
     * Of these uploads and the uploads of these media, those that may have bytes in the store: open ones (a request
     * may be staging, even before it recorded its first state) and ended ones whose bytes are still to be removed.
     */
    List<WithBytes> withBytes(Set<UUID> uploadIds, Set<UUID> mediaIds) {
        return jdbc.sql("""
                SELECT upload_id, subject, media_id FROM uploads
                WHERE (upload_id = ANY(?) OR media_id = ANY(?)) AND (state = 'open' OR staging IS NOT NULL)
                """)
                .params(uploadIds.toArray(UUID[]::new), mediaIds.toArray(UUID[]::new))
                .query((rs, n) -> new WithBytes(
                        UploadId.of(rs.getObject(1, UUID.class)), rs.getString(2), rs.getObject(3, UUID.class)))
                .list();
    }

    /** Deletes every upload of the user (the purge, under the user's lock). */
    int deleteAllOf(String subject) {
        return jdbc.sql("DELETE FROM uploads WHERE subject = ?").param(subject).update();
    }

    private UploadEnded announce(UploadEnded ended) {
        events.publishEvent(ended);
        return ended;
    }

    private static UploadEnded ended(ResultSet rs, int row) throws SQLException {
        return new UploadEnded(Subject.of(rs.getString(1)), UploadId.of(rs.getObject(2, UUID.class)));
    }

    private static UploadRecord record(ResultSet rs, int row) throws SQLException {
        Timestamp capturedAt = rs.getTimestamp(11);
        return new UploadRecord(
                UploadId.of(rs.getObject(1, UUID.class)),
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
                UploadState.of(rs.getString(13)),
                rs.getString(14),
                rs.getTimestamp(15).toInstant(),
                rs.getString(16),
                rs.getString(17));
    }
}
