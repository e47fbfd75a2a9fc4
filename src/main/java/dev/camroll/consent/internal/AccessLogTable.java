package dev.camroll.consent.internal;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import dev.camroll.api.Ids;
import dev.camroll.api.Page;
import dev.camroll.api.PageQuery;
import dev.camroll.consent.AccessLog;
import dev.camroll.identity.Subject;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The owner of {@code access_log} (see {@link AccessLog}). JdbcClient, not JPA: rows are only ever inserted (each
 * committed on its own, before the look it records) and read by one keyset search with optional filters; an entity
 * would add a persistence context to an append-only table.
 */
@Component
class AccessLogTable implements AccessLog {

    private final JdbcClient jdbc;

    private final Clock clock;

    AccessLogTable(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    @Override
    @Transactional(propagation = Propagation.REQUIRES_NEW)
    public void record(String staffId, @Nullable Subject subject, String reason, String resource) {
        jdbc.sql("INSERT INTO access_log (id, at, staff_id, subject, reason, resource) VALUES (?, ?, ?, ?, ?, ?)")
                .params(
                        Ids.newId(),
                        Timestamp.from(clock.instant()),
                        staffId,
                        subject == null ? null : subject.value(),
                        reason,
                        resource)
                .update();
    }

    @Override
    public Page<Entry> forUser(Subject subject, PageQuery query) {
        Page<Entry> page = search(subject, null, query);
        return new Page<>(page.items().stream().map(AccessLogTable::forTheUser).toList(), page.nextCursor());
    }

    @Override
    public Page<Entry> search(@Nullable Subject subject, @Nullable String staffId, PageQuery query) {
        StringBuilder sql =
                new StringBuilder("SELECT id, at, staff_id, reason, resource, subject FROM access_log WHERE true");
        List<Object> params = new ArrayList<>();
        if (subject != null) {
            sql.append(" AND subject = ?");
            params.add(subject.value());
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

    /** The entry as its user sees it: without its id and without naming the user. */
    private static Entry forTheUser(Entry entry) {
        return new Entry(null, entry.at(), entry.staffId(), entry.reason(), entry.resource(), null);
    }
}
