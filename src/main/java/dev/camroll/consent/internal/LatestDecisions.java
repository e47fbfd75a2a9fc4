package dev.camroll.consent.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import dev.camroll.consent.ConsentState;
import dev.camroll.consent.Purpose;
import dev.camroll.identity.Subject;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The SQL on {@code consent_events} that the entity mapping ({@link ConsentEvents}) leaves out: the latest decision
 * per purpose, which every request and job asks for, and the chain's head, which every append links to. One statement on the index consent_events_by_purpose through
 * plain JDBC, with no transaction of its own and no persistence context: it reads committed entries, which are never
 * changed once written.
 */
@Component
class LatestDecisions {

    /** A purpose's latest decision, as much of the ledger entry as the state and the gate need. */
    record Latest(
            Purpose purpose, ConsentState state, @Nullable String noticeVersion, Instant occurredAt, UUID eventId) {

        boolean isGiven() {
            return state == ConsentState.GIVEN;
        }
    }

    /** The last entry of a user's chain: what the next entry links to. */
    record Head(long seq, String hash) {

        /** Before a user's first entry. */
        static final Head GENESIS = new Head(0, ConsentEvent.GENESIS_HASH);
    }

    private final JdbcClient jdbc;

    LatestDecisions(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The latest consent decision of {@code subject} per purpose; purposes never decided are absent. */
    Map<Purpose, Latest> of(Subject subject) {
        Map<Purpose, Latest> latest = new EnumMap<>(Purpose.class);
        jdbc.sql("""
                        SELECT DISTINCT ON (purpose) purpose, state, notice_version, occurred_at, event_id
                        FROM consent_events
                        WHERE subject = ? AND type = 'CONSENT'
                        ORDER BY purpose, seq DESC
                        """)
                .param(subject.value())
                .query(LatestDecisions::row)
                .list()
                .forEach(row -> latest.put(row.purpose(), row));
        return latest;
    }

    /** The purposes {@code subject} gives now: two columns of the same scan, for the gate. */
    Set<Purpose> given(Subject subject) {
        Set<Purpose> given = EnumSet.noneOf(Purpose.class);
        jdbc.sql("""
                        SELECT purpose FROM (
                            SELECT DISTINCT ON (purpose) purpose, state FROM consent_events
                            WHERE subject = ? AND type = 'CONSENT'
                            ORDER BY purpose, seq DESC) latest
                        WHERE state = 'GIVEN'
                        """)
                .param(subject.value())
                .query(String.class)
                .list()
                .forEach(slug -> given.add(Purpose.fromSlug(slug).orElseThrow()));
        return given;
    }

    /** The head of {@code subject}'s chain, every entry counted (consent decisions and purges alike). */
    Head head(Subject subject) {
        return jdbc.sql("SELECT seq, hash FROM consent_events WHERE subject = ? ORDER BY seq DESC LIMIT 1")
                .param(subject.value())
                .query((rs, n) -> new Head(rs.getLong(1), rs.getString(2)))
                .optional()
                .orElse(Head.GENESIS);
    }

    private static Latest row(ResultSet rs, int n) throws SQLException {
        return new Latest(
                Purpose.fromSlug(rs.getString(1)).orElseThrow(),
                ConsentState.valueOf(rs.getString(2)),
                rs.getString(3),
                rs.getTimestamp(4).toInstant(),
                rs.getObject(5, UUID.class));
    }
}
