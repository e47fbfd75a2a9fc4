package dev.camroll.media.internal;

import java.io.InputStream;
import java.time.Clock;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.camroll.identity.Subject;
import dev.camroll.identity.UserAccounts;
import dev.camroll.jobs.JobQueue;
import dev.camroll.media.MediaDeleted;
import dev.camroll.media.MediaId;
import dev.camroll.media.MediaJobs;
import dev.camroll.media.MediaLibrary;
import dev.camroll.media.MediaState;
import dev.camroll.media.Shot;
import dev.camroll.storage.ObjectStore;
import dev.camroll.storage.UserObjects;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/** The media library: rows in the media table ({@link MediaRows}) and objects under each user's prefix. */
@Component
class StoredMediaLibrary implements MediaLibrary {

    private final MediaRows rows;

    private final UserAccounts accounts;

    private final JobQueue jobs;

    private final Clock clock;

    private final ObjectStore store;

    private final ApplicationEventPublisher events;

    StoredMediaLibrary(
            MediaRows rows,
            UserAccounts accounts,
            JobQueue jobs,
            Clock clock,
            ObjectStore store,
            ApplicationEventPublisher events) {
        this.rows = rows;
        this.accounts = accounts;
        this.jobs = jobs;
        this.clock = clock;
        this.store = store;
        this.events = events;
    }

    @Override
    public String originalKey(Subject subject, MediaId mediaId) {
        return objectsOf(subject).original(mediaId.value());
    }

    String previewKey(Subject subject, MediaId mediaId) {
        return objectsOf(subject).preview(mediaId.value());
    }

    String thumbnailKey(Subject subject, MediaId mediaId) {
        return objectsOf(subject).thumbnail(mediaId.value());
    }

    String userKey(Subject subject) {
        return accounts.find(subject).orElseThrow().userKey();
    }

    private UserObjects objectsOf(Subject subject) {
        return new UserObjects(userKey(subject));
    }

    /**
     * Deletes a media: its original, preview and thumbnail, then its row, and announces it ({@link MediaDeleted}). In
     * that order a failure leaves the row to delete again, never objects that nothing refers to. The row is locked
     * first, so an analysis that ends meanwhile waits for the deletion, then finds the media gone and removes what it
     * wrote.
     */
    @Transactional
    void delete(Subject subject, MediaId mediaId) {
        rows.lock(subject, mediaId);
        store.delete(originalKey(subject, mediaId));
        deleteDerivatives(subject, mediaId);
        if (rows.delete(subject, mediaId)) {
            events.publishEvent(new MediaDeleted(subject, mediaId));
        }
    }

    /** Deletes a media's preview and thumbnail. */
    void deleteDerivatives(Subject subject, MediaId mediaId) {
        store.delete(previewKey(subject, mediaId));
        store.delete(thumbnailKey(subject, mediaId));
    }

    /** Deletes a media's original (its preview stays) and records that it is gone. */
    void deleteOriginal(Subject subject, MediaId mediaId) {
        store.delete(originalKey(subject, mediaId));
        rows.markOriginalDeleted(mediaId);
    }

    @Override
    @Transactional(propagation = Propagation.MANDATORY)
    public MediaId store(NewMedia media) {
        if (!rows.insert(media, clock.instant())) {
            return rows.findBySha256(media.subject(), media.sha256()).orElseThrow();
        }
        jobs.enqueue(
                MediaJobs.ANALYZE_MEDIA,
                media.subject(),
                new MediaJobs.AnalyzeMedia(media.mediaId().value()));
        return media.mediaId();
    }

    @Override
    public Optional<MediaId> findBySha256(Subject subject, String sha256) {
        return rows.findBySha256(subject, sha256);
    }

    @Override
    public Map<MediaId, MediaState> statesOf(Collection<MediaId> mediaIds) {
        return rows.statesOf(mediaIds);
    }

    @Override
    public boolean anyAwaitingAnalysis(Collection<MediaId> mediaIds) {
        return rows.anyIn(MediaState.STORED, mediaIds);
    }

    @Override
    public List<Subject> subjectsWithProcessedMedia() {
        return rows.subjectsWith(MediaState.PROCESSED);
    }

    @Override
    public Map<MediaState, Long> countsByState(Subject subject) {
        return rows.countsByState(subject);
    }

    @Override
    public List<Shot> shots(Subject subject) {
        return rows.shots(subject);
    }

    @Override
    public InputStream openPreview(Subject subject, MediaId mediaId) {
        return store.get(previewKey(subject, mediaId));
    }

    @Override
    public long storedBytes(Subject subject) {
        return rows.storedBytes(subject);
    }
}
