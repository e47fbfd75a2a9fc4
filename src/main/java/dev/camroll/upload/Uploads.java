package dev.camroll.upload;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import dev.camroll.api.Ids;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/** Upload resources as the sync module sees them: reserved with a batch line, then followed by their progress. */
@Component
public class Uploads {

    /** What a batch line announces: the file that must arrive. */
    public record Announced(
            String subject,
            UUID batchId,
            String clientAssetId,
            String deviceId,
            UUID mediaId,
            long length,
            String sha256,
            String mimeType,
            String kind,
            Instant capturedAt) {}

    /** The upload resource a line is answered with (created for it, or an open one it shares), and its media. */
    public record Reservation(UUID uploadId, UUID mediaId, Instant expiresAt) {}

    /**
     * How far an upload got. {@code state} is open, completed, failed, cancelled or expired; {@code mediaId} is the
     * media holding its content (the user's existing media when the same content arrived first another way).
     */
    public record Progress(
            UUID uploadId,
            UUID mediaId,
            String state,
            long bytesReceived,
            Instant expiresAt,
            String problemType,
            String problemDetail) {}

    private final JdbcClient jdbc;

    private final UploadSettings settings;

    private final Clock clock;

    Uploads(JdbcClient jdbc, UploadSettings settings, Clock clock) {
        this.jdbc = jdbc;
        this.settings = settings;
        this.clock = clock;
    }

    /** Creates the upload resource for an announced file, in the caller's transaction. */
    @Transactional(propagation = Propagation.MANDATORY)
    public Reservation reserve(Announced file) {
        UUID uploadId = Ids.newId();
        Instant now = clock.instant();
        Instant expiresAt = now.plus(settings.expiry());
        jdbc.sql("""
                INSERT INTO uploads (upload_id, subject, batch_id, client_asset_id, device_id, media_id, length, sha256,
                    mime_type, kind, captured_at, state, created_at, updated_at, expires_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'open', ?, ?, ?)
                """)
                .params(
                        uploadId,
                        file.subject(),
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
        return new Reservation(uploadId, file.mediaId(), expiresAt);
    }

    /**
     * The user's open upload that brings this content (the one furthest along, should a race have made two), for
     * another manifest line to share: that line is answered with the same upload resource, which any device of the
     * user may finish. Its expiry moves on as if the content were announced now. An upload whose last byte arrived is
     * shared even past its expiry: it is completed, not expired. One conditional update, so an expiry racing it
     * either ends the upload first (nothing is shared) or finds the expiry moved on (the upload stays open).
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public Optional<Reservation> share(String subject, String sha256) {
        Timestamp now = Timestamp.from(clock.instant());
        return jdbc.sql("""
                UPDATE uploads SET expires_at = greatest(expires_at, ?)
                WHERE upload_id = (SELECT upload_id FROM uploads WHERE subject = ? AND sha256 = ? AND state = 'open'
                                       AND (expires_at > ? OR upload_offset = length)
                                   ORDER BY upload_offset DESC LIMIT 1)
                    AND state = 'open' AND (expires_at > ? OR upload_offset = length)
                RETURNING upload_id, media_id, expires_at
                """)
                .params(Timestamp.from(now.toInstant().plus(settings.expiry())), subject, sha256, now, now)
                .query((rs, n) -> new Reservation(
                        rs.getObject(1, UUID.class),
                        rs.getObject(2, UUID.class),
                        rs.getTimestamp(3).toInstant()))
                .optional();
    }

    /** Bytes the user's open uploads will add, for the quota. */
    public long reservedBytes(String subject) {
        return jdbc.sql(
                        "SELECT coalesce(sum(length), 0) FROM uploads WHERE subject = ? AND state = 'open' AND expires_at > ?")
                .params(subject, Timestamp.from(clock.instant()))
                .query(Long.class)
                .single();
    }

    /** Progress of these uploads, by upload id (a batch's lines, each with its own upload or one it shares). */
    public Map<UUID, Progress> progressOf(Collection<UUID> uploadIds) {
        Map<UUID, Progress> progress = new HashMap<>();
        if (uploadIds.isEmpty()) {
            return progress;
        }
        Instant now = clock.instant();
        jdbc.sql("""
                SELECT upload_id, state, upload_offset, expires_at, problem_type, problem_detail, media_id, length
                FROM uploads WHERE upload_id = ANY(?)
                """)
                .param(uploadIds.toArray(UUID[]::new))
                .query((rs, n) -> {
                    Instant expiresAt = rs.getTimestamp(4).toInstant();
                    String state = rs.getString(2);
                    // An open upload past its expiry is expired even before the sweeper has removed its bytes.
                    if ("open".equals(state) && !expiresAt.isAfter(now) && rs.getLong(3) < rs.getLong(8)) {
                        state = "expired";
                    }
                    UUID uploadId = rs.getObject(1, UUID.class);
                    progress.put(
                            uploadId,
                            new Progress(
                                    uploadId,
                                    rs.getObject(7, UUID.class),
                                    state,
                                    rs.getLong(3),
                                    expiresAt,
                                    rs.getString(5),
                                    rs.getString(6)));
                    return null;
                })
                .list();
        return progress;
    }
}
