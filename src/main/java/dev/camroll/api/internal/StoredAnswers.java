package dev.camroll.api.internal;

import java.time.Duration;
import java.util.Optional;

import dev.camroll.api.ApiSettings;
import dev.camroll.api.IdempotencyKeys;
import dev.camroll.runtime.LoopSupervisor;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * The stored first answers to requests that carried an {@code Idempotency-Key}, per subject: the one owner of the
 * {@code idempotency_keys} table. A row without a status is a request still in flight; a finished row is replayed
 * until it expires.
 *
 * <p>JdbcClient, not JPA: the claim is an {@code INSERT ... ON CONFLICT DO NOTHING} and expiry a set-based delete.
 */
@Component
class StoredAnswers implements IdempotencyKeys {

    record Stored(
            String requestHash,
            @Nullable Integer status,
            @Nullable String contentType,
            @Nullable String location,
            byte @Nullable [] body) {

        boolean finished() {
            return status != null;
        }
    }

    private final JdbcClient jdbc;

    private final Duration ttl;

    private final Duration abandonAfter;

    private final LoopSupervisor loops;

    StoredAnswers(JdbcClient jdbc, ApiSettings settings, LoopSupervisor loops) {
        this.jdbc = jdbc;
        this.ttl = settings.idempotencyKeyTtl();
        this.abandonAfter = settings.idempotencyClaimAbandonedAfter();
        this.loops = loops;
    }

    /**
     * Claims the key for a new request; false when it was claimed before (then {@link #find} tells by whom). An
     * expired answer, or a claim whose request died without an answer (crash, kill) longer ago than the abandon
     * time, is taken over, so a retry is never locked out for the whole key lifetime.
     */
    boolean claim(String subject, String key, String requestHash, String path) {
        jdbc.sql("""
                DELETE FROM idempotency_keys WHERE subject = ? AND idempotency_key = ?
                    AND (expires_at < now() OR (status IS NULL AND created_at < now() - make_interval(secs => ?)))
                """).params(subject, key, abandonAfter.toSeconds()).update();
        return jdbc.sql("""
                INSERT INTO idempotency_keys (subject, idempotency_key, request_hash, request_path, created_at, expires_at)
                VALUES (?, ?, ?, ?, now(), now() + make_interval(secs => ?))
                ON CONFLICT (subject, idempotency_key) DO NOTHING
                """)
                        .params(
                                subject,
                                key,
                                requestHash,
                                path.length() > 300 ? path.substring(0, 300) : path,
                                ttl.toSeconds())
                        .update()
                == 1;
    }

    Optional<Stored> find(String subject, String key) {
        return jdbc.sql("""
                SELECT request_hash, status, content_type, location, body FROM idempotency_keys
                WHERE subject = ? AND idempotency_key = ?
                """)
                .params(subject, key)
                .query((rs, n) -> new Stored(
                        rs.getString(1), (Integer) rs.getObject(2), rs.getString(3), rs.getString(4), rs.getBytes(5)))
                .optional();
    }

    void complete(
            String subject,
            String key,
            int status,
            @Nullable String contentType,
            @Nullable String location,
            byte[] body) {
        jdbc.sql("""
                UPDATE idempotency_keys SET status = ?, content_type = ?, location = ?, body = ?
                WHERE subject = ? AND idempotency_key = ?
                """).params(status, contentType, location, body, subject, key).update();
    }

    /** Forgets a claim whose request failed on our side, so the client's retry runs again. */
    void release(String subject, String key) {
        jdbc.sql("DELETE FROM idempotency_keys WHERE subject = ? AND idempotency_key = ?")
                .params(subject, key)
                .update();
    }

    @Scheduled(fixedDelayString = "PT1H", initialDelayString = "PT5M")
    void removeExpired() {
        loops.iterate(
                "idempotency-key-expiry",
                () -> jdbc.sql("DELETE FROM idempotency_keys WHERE expires_at < now()")
                        .update());
    }

    @Override
    public int forgetAllButConsent(String subject) {
        return jdbc.sql("""
                DELETE FROM idempotency_keys
                WHERE subject = ? AND (request_path IS NULL OR request_path NOT LIKE '/v1/consent/%')
                """).param(subject).update();
    }
}
