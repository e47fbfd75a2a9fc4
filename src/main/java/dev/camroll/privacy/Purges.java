package dev.camroll.privacy;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;

import dev.camroll.api.Ids;
import dev.camroll.consent.PendingPurges;
import dev.camroll.identity.Subject;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** The purges table and the keys a running purge deleted. */
@Component
class Purges implements PendingPurges {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static final TypeReference<TreeMap<String, Long>> COUNTS = new TypeReference<>() {};

    record Purge(
            UUID purgeId,
            String subject,
            PurgeScope scope,
            UUID causeEventId,
            Instant requestedAt,
            Instant deadlineAt,
            Map<String, Long> counts,
            Instant finishedAt,
            UUID ledgerEventId) {

        boolean finished() {
            return finishedAt != null;
        }
    }

    private final JdbcClient jdbc;

    Purges(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The user's unfinished purge, locked for the caller's transaction. */
    @Transactional(propagation = Propagation.MANDATORY)
    Optional<Purge> lockPending(String subject) {
        return jdbc.sql("SELECT * FROM purges WHERE subject = ? AND finished_at IS NULL FOR UPDATE")
                .param(subject)
                .query(Purges::purge)
                .optional();
    }

    @Transactional(propagation = Propagation.MANDATORY)
    UUID insert(String subject, PurgeScope scope, UUID causeEventId, Instant now, Duration deadline) {
        UUID id = Ids.newId();
        jdbc.sql("""
                INSERT INTO purges (purge_id, subject, scope, cause_event_id, requested_at, deadline_at)
                VALUES (?, ?, ?, ?, ?, ?)
                """)
                .params(
                        id,
                        subject,
                        scope.column(),
                        causeEventId,
                        Timestamp.from(now),
                        Timestamp.from(now.plus(deadline)))
                .update();
        return id;
    }

    @Transactional(propagation = Propagation.MANDATORY)
    void widen(UUID purgeId, PurgeScope scope) {
        jdbc.sql("UPDATE purges SET scope = ? WHERE purge_id = ?")
                .params(scope.column(), purgeId)
                .update();
    }

    Optional<Purge> find(UUID purgeId) {
        return jdbc.sql("SELECT * FROM purges WHERE purge_id = ?")
                .param(purgeId)
                .query(Purges::purge)
                .optional();
    }

    /** The user's purges, oldest first. */
    List<Purge> of(String subject) {
        return jdbc.sql("SELECT * FROM purges WHERE subject = ? ORDER BY requested_at")
                .param(subject)
                .query(Purges::purge)
                .list();
    }

    @Override
    public boolean pending(Subject subject) {
        return jdbc.sql("SELECT EXISTS (SELECT 1 FROM purges WHERE subject = ? AND finished_at IS NULL)")
                .param(subject.value())
                .query(Boolean.class)
                .single();
    }

    /** Adds what one step deleted to the purge's counts (a resumed purge adds up its runs). */
    @Transactional(propagation = Propagation.MANDATORY)
    void addCounts(UUID purgeId, Map<String, Integer> deleted) {
        TreeMap<String, Long> counts = JSON.readValue(
                jdbc.sql("SELECT counts FROM purges WHERE purge_id = ? FOR UPDATE")
                        .param(purgeId)
                        .query(String.class)
                        .single(),
                COUNTS);
        deleted.forEach((kind, n) -> counts.merge(kind, n.longValue(), Long::sum));
        jdbc.sql("UPDATE purges SET counts = ? WHERE purge_id = ?")
                .params(JSON.writeValueAsString(counts), purgeId)
                .update();
    }

    /** Records keys about to be deleted, so a purge resumed after a crash still digests them. */
    void recordKeys(UUID purgeId, Collection<String> keys) {
        if (keys.isEmpty()) {
            return;
        }
        jdbc.sql("""
                INSERT INTO purge_keys (purge_id, object_key) SELECT ?, unnest(?) ON CONFLICT DO NOTHING
                """).params(purgeId, keys.toArray(String[]::new)).update();
    }

    List<String> keys(UUID purgeId) {
        return jdbc.sql("SELECT object_key FROM purge_keys WHERE purge_id = ?")
                .param(purgeId)
                .query(String.class)
                .list();
    }

    @Transactional(propagation = Propagation.MANDATORY)
    void finish(UUID purgeId, UUID ledgerEventId, Instant now) {
        jdbc.sql("DELETE FROM purge_keys WHERE purge_id = ?").param(purgeId).update();
        jdbc.sql("UPDATE purges SET finished_at = ?, ledger_event_id = ? WHERE purge_id = ?")
                .params(Timestamp.from(now), ledgerEventId, purgeId)
                .update();
    }

    /** When the oldest unfinished purge was requested, and how many are past their deadline. */
    record Backlog(Instant oldestRequestedAt, long pending, long overdue) {}

    Backlog backlog() {
        return jdbc.sql("""
                SELECT min(requested_at), count(*), count(*) FILTER (WHERE deadline_at < now())
                FROM purges WHERE finished_at IS NULL
                """)
                .query((rs, n) -> new Backlog(instant(rs.getTimestamp(1)), rs.getLong(2), rs.getLong(3)))
                .single();
    }

    private static Purge purge(ResultSet rs, int row) throws SQLException {
        return new Purge(
                rs.getObject("purge_id", UUID.class),
                rs.getString("subject"),
                PurgeScope.ofColumn(rs.getString("scope")),
                rs.getObject("cause_event_id", UUID.class),
                instant(rs.getTimestamp("requested_at")),
                instant(rs.getTimestamp("deadline_at")),
                JSON.readValue(rs.getString("counts"), COUNTS),
                instant(rs.getTimestamp("finished_at")),
                rs.getObject("ledger_event_id", UUID.class));
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
