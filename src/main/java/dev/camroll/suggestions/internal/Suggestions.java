package dev.camroll.suggestions.internal;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import dev.camroll.api.Ids;
import dev.camroll.suggestions.SuggestionId;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The {@code suggestions} table, its one owner. Every change of a suggestion takes the next number of the sequence
 * {@code suggestion_changes}, which is what {@code /v1/suggestions/changes} pages by.
 *
 * <p>JdbcClient, not JPA: the changes are conditional set-based updates (a dismissed suggestion stays dismissed, an
 * image counts as rendered only while the {@code uuid[]} of shots it drew is still the suggestion's) that each take a
 * sequence number, and their row counts say whether they happened; a read-modify-write entity would lose that.
 */
@Component
class Suggestions {

    private static final String COLUMNS = """
            SELECT suggestion_id, subject, kind, theme, anchor, title, subtitle, period_from, period_to, media_ids,
                basis_ids, cover_media_id, rendered, state, show_from, show_until, created_at, updated_at, removed_at,
                change_seq
            FROM suggestions
            """;

    /** A suggestion not removed, and whose it is: what the reconciler needs to know of a rendered image. */
    record Owned(SuggestionId suggestionId, String subject) {}

    private final JdbcClient jdbc;

    Suggestions(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The user's suggestions that are not removed, dismissed ones included. */
    List<StoredSuggestion> current(String subject) {
        return jdbc.sql(COLUMNS + " WHERE subject = ? AND removed_at IS NULL")
                .param(subject)
                .query(Suggestions::row)
                .list();
    }

    Optional<StoredSuggestion> find(String subject, SuggestionId suggestionId) {
        return jdbc.sql(COLUMNS + " WHERE subject = ? AND suggestion_id = ?")
                .params(subject, suggestionId.value())
                .query(Suggestions::row)
                .optional();
    }

    /** Of these suggestions, the ones not removed, with their users. */
    List<Owned> notRemoved(Collection<SuggestionId> suggestionIds) {
        return jdbc.sql(
                        "SELECT suggestion_id, subject FROM suggestions WHERE suggestion_id = ANY(?) AND removed_at IS NULL")
                .param(suggestionIds.stream().map(SuggestionId::value).toArray(UUID[]::new))
                .query((rs, n) -> new Owned(new SuggestionId(rs.getObject(1, UUID.class)), rs.getString(2)))
                .list();
    }

    /** The number of the user's latest change of any suggestion, 0 when there is none: what the list's ETag says. */
    long lastChange(String subject) {
        return jdbc.sql("SELECT coalesce(max(change_seq), 0) FROM suggestions WHERE subject = ?")
                .param(subject)
                .query(Long.class)
                .single();
    }

    /**
     * Up to {@code limit} of the user's suggestions that are not removed, newest first, after {@code after} (or from
     * the newest); of one kind and state when given, and without the dismissed ones unless they are asked for.
     */
    List<StoredSuggestion> page(
            String subject,
            Candidate.@Nullable Kind kind,
            StoredSuggestion.@Nullable State state,
            @Nullable UUID after,
            int limit) {
        String kindName = kind == null ? null : kind.name();
        String stateName = state == null ? null : state.name();
        return jdbc.sql(COLUMNS + """
                 WHERE subject = ? AND removed_at IS NULL
                    AND (CAST(? AS text) IS NULL OR kind = ?)
                    AND (CASE WHEN CAST(? AS text) IS NULL THEN state <> 'DISMISSED' ELSE state = ? END)
                    AND (CAST(? AS uuid) IS NULL OR suggestion_id < ?)
                ORDER BY suggestion_id DESC LIMIT ?
                """)
                .params(subject, kindName, kindName, stateName, stateName, after, after, limit)
                .query(Suggestions::row)
                .list();
    }

    /** Up to {@code limit} of the user's suggestions changed after change number {@code seq}, tombstones included. */
    List<StoredSuggestion> changedSince(String subject, long seq, int limit) {
        return jdbc.sql(COLUMNS + " WHERE subject = ? AND change_seq > ? ORDER BY change_seq LIMIT ?")
                .params(subject, seq, limit)
                .query(Suggestions::row)
                .list();
    }

    /** Records the user's say on a suggestion; a dismissed one stays dismissed. */
    void setState(SuggestionId suggestionId, StoredSuggestion.State state, Instant now) {
        jdbc.sql("""
                UPDATE suggestions SET state = ?, updated_at = ?, change_seq = nextval('suggestion_changes')
                WHERE suggestion_id = ? AND state <> 'DISMISSED'
                """)
                .params(state.name(), Timestamp.from(now), suggestionId.value())
                .update();
    }

    /** Records a new suggestion (NEW) and answers its id. */
    SuggestionId add(String subject, Candidate candidate, Instant now) {
        UUID id = Ids.newId();
        jdbc.sql("""
                INSERT INTO suggestions (suggestion_id, subject, kind, theme, anchor, title, subtitle, period_from,
                    period_to, media_ids, basis_ids, cover_media_id, show_from, show_until, created_at, updated_at,
                    change_seq)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, nextval('suggestion_changes'))
                """)
                .params(
                        id,
                        subject,
                        candidate.kind().name(),
                        candidate.theme(),
                        candidate.anchor(),
                        candidate.title(),
                        candidate.subtitle(),
                        Timestamp.from(candidate.from()),
                        Timestamp.from(candidate.to()),
                        ids(candidate.mediaIds()),
                        ids(candidate.basisIds()),
                        candidate.coverMediaId(),
                        candidate.showFrom(),
                        candidate.showUntil(),
                        Timestamp.from(now),
                        Timestamp.from(now))
                .update();
        return new SuggestionId(id);
    }

    /**
     * Gives a suggestion what the candidate says; its image is rendered again when its shots changed. A suggestion
     * dismissed or removed meanwhile is left alone. Answers whether it changed.
     */
    boolean change(SuggestionId suggestionId, Candidate candidate, Instant now) {
        return jdbc.sql("""
                UPDATE suggestions SET title = ?, subtitle = ?, period_from = ?, period_to = ?,
                    rendered = rendered AND media_ids = ?, media_ids = ?, basis_ids = ?, cover_media_id = ?,
                    show_from = ?, show_until = ?, updated_at = ?, change_seq = nextval('suggestion_changes')
                WHERE suggestion_id = ? AND state <> 'DISMISSED' AND removed_at IS NULL
                """)
                        .params(
                                candidate.title(),
                                candidate.subtitle(),
                                Timestamp.from(candidate.from()),
                                Timestamp.from(candidate.to()),
                                ids(candidate.mediaIds()),
                                ids(candidate.mediaIds()),
                                ids(candidate.basisIds()),
                                candidate.coverMediaId(),
                                candidate.showFrom(),
                                candidate.showUntil(),
                                Timestamp.from(now),
                                suggestionId.value())
                        .update()
                == 1;
    }

    /**
     * Marks a suggestion's image rendered, if {@code mediaIds} (the shots drawn) are still its shots and it was not
     * removed meanwhile. Answers whether it did.
     */
    boolean markRendered(SuggestionId suggestionId, List<UUID> mediaIds) {
        return jdbc.sql("""
                UPDATE suggestions SET rendered = true, change_seq = nextval('suggestion_changes')
                WHERE suggestion_id = ? AND media_ids = ? AND removed_at IS NULL AND NOT rendered
                """).params(suggestionId.value(), ids(mediaIds)).update() == 1;
    }

    /**
     * Marks a suggestion removed (it no longer holds); it stays as a tombstone for the changes feed. Answers whether it
     * had an image, as the row says now: a render that committed after the caller read the suggestion counts.
     */
    boolean remove(SuggestionId suggestionId, Instant now) {
        return jdbc.sql("""
                        UPDATE suggestions SET removed_at = ?, updated_at = ?, change_seq = nextval('suggestion_changes')
                        WHERE suggestion_id = ? AND removed_at IS NULL
                        RETURNING rendered
                        """)
                .params(Timestamp.from(now), Timestamp.from(now), suggestionId.value())
                .query(Boolean.class)
                .optional()
                .orElse(false);
    }

    /** Deletes every suggestion of the user, dismissed ones and tombstones too, and answers how many. */
    int eraseAll(String subject) {
        return jdbc.sql("DELETE FROM suggestions WHERE subject = ?")
                .param(subject)
                .update();
    }

    /** Waits, until the caller's transaction ends, for any other build of the user's suggestions to end. */
    void lockBuildsOf(String subject) {
        jdbc.sql("SELECT pg_advisory_xact_lock(hashtextextended('build-suggestions:' || ?, 0))")
                .param(subject)
                .query()
                .singleRow();
    }

    /** Waits, until the caller's transaction ends, for any other render of the suggestion's image to end. */
    void lockRendersOf(SuggestionId suggestionId) {
        jdbc.sql("SELECT pg_advisory_xact_lock(hashtextextended('render-suggestion:' || ?, 0))")
                .param(suggestionId.value().toString())
                .query()
                .singleRow();
    }

    private static UUID[] ids(List<UUID> ids) {
        return ids.toArray(UUID[]::new);
    }

    private static StoredSuggestion row(ResultSet rs, int n) throws SQLException {
        return new StoredSuggestion(
                new SuggestionId(rs.getObject(1, UUID.class)),
                rs.getString(2),
                Candidate.Kind.valueOf(rs.getString(3)),
                rs.getString(4),
                rs.getString(5),
                rs.getString(6),
                rs.getString(7),
                instant(rs, 8),
                instant(rs, 9),
                uuids(rs.getArray(10)),
                uuids(rs.getArray(11)),
                rs.getObject(12, UUID.class),
                rs.getBoolean(13),
                StoredSuggestion.State.valueOf(rs.getString(14)),
                rs.getObject(15, LocalDate.class),
                rs.getObject(16, LocalDate.class),
                instant(rs, 17),
                instant(rs, 18),
                instant(rs, 19),
                rs.getLong(20));
    }

    private static @Nullable Instant instant(ResultSet rs, int column) throws SQLException {
        OffsetDateTime time = rs.getObject(column, OffsetDateTime.class);
        return time == null ? null : time.toInstant();
    }

    private static List<UUID> uuids(Array array) throws SQLException {
        return Arrays.asList((UUID[]) array.getArray());
    }
}
