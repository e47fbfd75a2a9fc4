package dev.camroll.media.internal;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

import dev.camroll.identity.Subject;
import dev.camroll.privacy.ExportSection;
import dev.camroll.privacy.PersonalData;
import dev.camroll.privacy.PurgeScope;
import org.springframework.stereotype.Component;

/**
 * A user's media rows in a purge and in the export. Their objects live under the user's prefix, which the purge
 * deletes itself, and the analysis's work files in the data directory, which the purge removes here; the export holds
 * the metadata only, never the bytes (the originals are on the phone).
 */
@Component
class MediaData implements PersonalData {

    /** Media read at a time for the export: what it holds in memory, whatever the library's size. */
    private static final int EXPORT_PAGE = 500;

    private final MediaRows rows;

    private final MediaItems items;

    private final StoredMediaLibrary library;

    private final AnalysisWorkspace workspace;

    MediaData(MediaRows rows, MediaItems items, StoredMediaLibrary library, AnalysisWorkspace workspace) {
        this.rows = rows;
        this.items = items;
        this.library = library;
        this.workspace = workspace;
    }

    /**
     * The copies a killed analysis left in this data directory. They are local files, not object keys, so the purge's
     * digest of deleted keys does not name them.
     */
    @Override
    public void removeBytesOutsidePrefix(Subject user, Consumer<List<String>> beforeDeleting) {
        String subject = user.value();
        workspace.removeFilesOf(library.userKey(Subject.of(subject)));
    }

    @Override
    public Map<String, Integer> erase(Subject user, PurgeScope scope) {
        String subject = user.value();
        return Map.of("media", rows.deleteAll(Subject.of(subject)));
    }

    /** Every media as {@code GET /v1/media} shows it, newest first (positions only while location_analysis is given). */
    @Override
    public void export(Subject user, ExportSection section, Consumer<Object> items) {
        String subject = user.value();
        if (section != ExportSection.MEDIA) {
            return;
        }
        UUID after = null;
        List<MediaItems.MediaItem> page;
        do {
            page = this.items.page(Subject.of(subject), after, EXPORT_PAGE);
            page.forEach(items);
            after = page.isEmpty() ? null : page.get(page.size() - 1).mediaId();
        } while (page.size() == EXPORT_PAGE);
    }
}
