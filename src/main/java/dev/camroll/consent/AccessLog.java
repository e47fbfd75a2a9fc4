package dev.camroll.consent;

import java.time.Instant;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.camroll.api.Page;
import dev.camroll.api.PageQuery;
import dev.camroll.identity.Subject;
import org.jspecify.annotations.Nullable;

/**
 * Who at the company looked at a user's data, when, why and at what. Entries are committed on their own, before the
 * looked-at data is read, so a look that cannot be logged returns nothing (fail closed).
 */
public interface AccessLog {

    /** One staff access; {@code userId} is left out where the reader is that user. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Entry(
            @Nullable UUID id,
            Instant at,
            String staffId,
            String reason,
            String resource,
            @Nullable String userId) {}

    /**
     * Records and commits an access before it happens. {@code subject} is the user looked at, or null for a look at
     * the log itself.
     */
    void record(String staffId, @Nullable Subject subject, String reason, String resource);

    /** The accesses to {@code subject}'s data, newest first, as shown to that user. */
    Page<Entry> forUser(Subject subject, PageQuery query);

    /** Accesses filtered by user and/or staff member (null: any), newest first. */
    Page<Entry> search(@Nullable Subject subject, @Nullable String staffId, PageQuery query);
}
