package dev.camroll.consent;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.camroll.api.Ids;
import dev.camroll.api.Page;
import dev.camroll.api.PageQuery;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Who at the company looked at a user's data, when, why and at what. Entries are committed on their own,
 * before the looked-at data is read, so a look that cannot be logged returns nothing (fail closed).
 */
@Component
public class AccessLog {

    /** One staff access; {@code userId} is left out where the reader is that user. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Entry(UUID id, Instant at, String staffId, String reason, String resource, String userId) {

        Entry forTheUser() {
            return new Entry(null, at, staffId, reason, resource, null);
        }
    }

    private final JdbcClient jdbc;

    private final Clock clock;

    AccessLog(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /**
     * Records and commits an access before it happens. {@code subject} is the user looked at, or null for a
     * look at the log itself.
     */
    @Transactional(propagation = Propagation.REQUIRES_NEW)
    public void record(String staffId, String subject, String reason, String resource) {
        jdbc.sql("INSERT INTO access_log (id, at, staff_id, subject, reason, resource) VALUES (?, ?, ?, ?, ?, ?)")
                .params(Ids.newId(), Timestamp.from(clock.instant()), staffId, subject, reason, resource)
                .update();
    }

    /** The accesses to {@code subject}'s data, newest first, as shown to that user. */
    public Page<Entry> forUser(String subject, PageQuery query) {
        Page<Entry> page = search(subject, null, query);
        return new Page<>(page.items().stream().map(Entry::forTheUser).toList(), page.nextCursor());
    }

    /** Accesses filtered by user and/or staff member, newest first. */
    public Page<Entry> search(String subject, String staffId, PageQuery query) {
        StringBuilder sql =
                new StringBuilder("SELECT id, at, staff_id, reason, resource, subject FROM access_log WHERE true");
        List<Object> params = new ArrayList<>();
        if (subject != null) {
            sql.append(" AND subject = ?");
            params.add(subject);
        }
        if (staffId != null) {
            sql.append(" AND staff_id = ?");
            params.add(staffId);
        }
        if (query.after() != null) {
            sql.append(" AND id < ?");
            params.add(query.afterId());
        }
        sql.append(" ORDER BY id DESC LIMIT ?");
        params.add(query.limit() + 1);
        List<Entry> rows = jdbc.sql(sql.toString())
                .params(params)
                .query((rs, n) -> new Entry(
                        rs.getObject(1, UUID.class),
                        rs.getTimestamp(2).toInstant(),
                        rs.getString(3),
                        rs.getString(4),
                        rs.getString(5),
                        rs.getString(6)))
                .list();
        return query.page(rows, Entry::id);
    }
}
