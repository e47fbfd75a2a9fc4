package dev.camroll.upload;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
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
    public record Announced(String subject, UUID batchId, String clientAssetId, String deviceId, UUID mediaId,
            long length, String sha256, String mimeType, String kind, Instant capturedAt) {
    }

    /** A created upload resource. */
    public record Reservation(UUID uploadId, Instant expiresAt) {
    }

    /**
     * How far an upload got. {@code state} is open, completed, failed, cancelled or expired; {@code mediaId} is the
     * media holding its content (the user's existing media when the same content arrived first another way).
     */
    public record Progress(UUID uploadId, UUID mediaId, String state, long bytesReceived, Instant expiresAt,
            String problemType, String problemDetail) {
    }

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
            .params(uploadId, file.subject(), file.batchId(), file.clientAssetId(), file.deviceId(), file.mediaId(),
                    file.length(), file.sha256(), file.mimeType(), file.kind(),
                    file.capturedAt() == null ? null : Timestamp.from(file.capturedAt()), Timestamp.from(now),
                    Timestamp.from(now), Timestamp.from(expiresAt))
            .update();
        return new Reservation(uploadId, expiresAt);
    }

    /** The media an open upload of the user will bring with this content, so it is not announced twice. */
    public Optional<UUID> openUploadOf(String subject, String sha256) {
        return jdbc.sql("SELECT media_id FROM uploads WHERE subject = ? AND sha256 = ? AND state = 'open' AND expires_at > ? LIMIT 1")
            .params(subject, sha256, Timestamp.from(clock.instant()))
            .query(UUID.class)
            .optional();
    }

    /** Bytes the user's open uploads will add, for the quota. */
    public long reservedBytes(String subject) {
        return jdbc.sql("SELECT coalesce(sum(length), 0) FROM uploads WHERE subject = ? AND state = 'open' AND expires_at > ?")
            .params(subject, Timestamp.from(clock.instant()))
            .query(Long.class)
            .single();
    }

    /** Which of these media an open upload still brings. */
    public Set<UUID> stillArriving(Collection<UUID> mediaIds) {
        if (mediaIds.isEmpty()) {
            return Set.of();
        }
        return Set.copyOf(jdbc.sql("SELECT media_id FROM uploads WHERE media_id = ANY(?) AND state = 'open'")
            .param(mediaIds.toArray(UUID[]::new))
            .query(UUID.class)
            .list());
    }

    /** Progress of every upload of a batch, by client asset id. */
    public Map<String, Progress> progressOf(UUID batchId) {
        Map<String, Progress> progress = new HashMap<>();
        Instant now = clock.instant();
        jdbc.sql("""
                SELECT client_asset_id, upload_id, state, upload_offset, expires_at, problem_type, problem_detail,
                    media_id, length
                FROM uploads WHERE batch_id = ?
                """)
            .param(batchId)
            .query((rs, n) -> {
                Instant expiresAt = rs.getTimestamp(5).toInstant();
                String state = rs.getString(3);
                // An open upload past its expiry is expired even before the sweeper has removed its bytes.
                if ("open".equals(state) && !expiresAt.isAfter(now) && rs.getLong(4) < rs.getLong(9)) {
                    state = "expired";
                }
                progress.put(rs.getString(1), new Progress(rs.getObject(2, UUID.class), rs.getObject(8, UUID.class), state,
                        rs.getLong(4), expiresAt, rs.getString(6), rs.getString(7)));
                return null;
            })
            .list();
        return progress;
    }
}
