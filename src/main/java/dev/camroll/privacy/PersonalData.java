package dev.camroll.privacy;

import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import dev.camroll.identity.Subject;

/**
 * What a module keeps about a user, as the purge and the export see it. Every module with rows about a user (or bytes
 * outside the user's prefix) implements it, so neither needs knowledge of their tables; objects under the user's
 * prefix ({@code u/{userKey}/}) are deleted by the purge itself.
 */
public interface PersonalData {

    /** Whether work of this module may still write the user's data (an upload streaming); the purge waits for it. */
    default boolean writing(Subject subject) {
        return false;
    }

    /**
     * Removes the user's bytes this module keeps outside the user's prefix (staged uploads), telling
     * {@code beforeDeleting} their keys first. Runs outside any transaction and before {@link #erase}, while the rows
     * that locate the bytes are still there; a failure is retried by the purge's next attempt.
     */
    default void removeBytesOutsidePrefix(Subject subject, Consumer<List<String>> beforeDeleting) {}

    /**
     * Deletes the user's rows of this module that {@code scope} covers, in the purge's transaction and under the
     * user's lock, and answers how many of each kind it deleted (e.g. {@code media -> 12}).
     */
    Map<String, Integer> erase(Subject subject, PurgeScope scope);

    /**
     * Hands {@code items}, one at a time and in the export's order, the user's items of {@code section} that this
     * module keeps, for {@code GET /v1/me/export} ({@code devices}, {@code batches}, {@code media},
     * {@code suggestions}, {@code occasions}; see {@link ExportSection}), each as the module's own API shows it, so the
     * export says no more and no less than the API. Read page by page: the export is written while it is read and
     * never holds a section whole. Runs in the export's read-only transaction, which gives every module the same
     * snapshot. A section the module does not keep: nothing.
     */
    default void export(Subject subject, ExportSection section, Consumer<Object> items) {}
}
