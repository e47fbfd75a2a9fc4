package dev.camroll.sync.internal;

import java.util.List;
import java.util.function.Supplier;

import dev.camroll.consent.ConsentGate;
import dev.camroll.consent.Purpose;
import dev.camroll.identity.Subject;
import dev.camroll.identity.UserAccounts;
import dev.camroll.jobs.JobKind;
import dev.camroll.jobs.JobOptions;
import dev.camroll.jobs.JobQueue;
import dev.camroll.media.MediaLibrary;
import dev.camroll.media.MediaSettled;
import dev.camroll.suggestions.SuggestionJobs;
import dev.camroll.sync.internal.BatchViews.ItemStatus;
import dev.camroll.sync.internal.Batches.Batch;
import dev.camroll.upload.UploadEnded;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * When every line of a batch is settled, the user's suggestions are rebuilt: a {@code build-suggestions} job is
 * queued in the transaction that settled the last line, at most one pending per user (later batches join it). The
 * last line may settle by its analysis ending ({@link MediaSettled}) or by its upload ending without a file of its
 * own ({@link UploadEnded}: failed, expired, terminated, or a duplicate). A line that shares another batch's upload
 * settles with that upload, so both batches are looked at.
 */
@Component
class BatchSettlement {

    private final Batches batches;

    private final BatchManifests manifests;

    private final JobQueue jobs;

    private final UserAccounts accounts;

    private final ConsentGate consent;

    private final MediaLibrary media;

    BatchSettlement(
            Batches batches,
            BatchManifests manifests,
            JobQueue jobs,
            UserAccounts accounts,
            ConsentGate consent,
            MediaLibrary media) {
        this.media = media;
        this.accounts = accounts;
        this.batches = batches;
        this.manifests = manifests;
        this.jobs = jobs;
        this.consent = consent;
    }

    @EventListener
    @Transactional
    void mediaSettled(MediaSettled settled) {
        Subject subject = settled.subject();
        // Every batch with a line that waits for this media: the line that announced it and the lines sharing its
        // upload.
        settle(subject, () -> batches.waitingForMedia(subject, settled.mediaId().value()));
    }

    @EventListener
    @Transactional
    void uploadEnded(UploadEnded ended) {
        Subject subject = ended.subject();
        // The upload's own batch, and every batch with a line sharing the upload.
        settle(subject, () -> batches.followingUpload(subject, ended.uploadId().value()));
    }

    /** {@code affected} finds the batches to look at, once the user's lock is held. */
    private void settle(Subject subject, Supplier<List<Batch>> affected) {
        // Two lines of one batch settling at once must not each see the other unsettled: one waits for the other.
        accounts.lock(subject);
        if (!consent.isGiven(subject, Purpose.CLOUD_PROCESSING)) {
            return; // withdrawn: nothing is built any more
        }
        for (Batch batch : affected.get()) {
            // While another line's own media still waits for its analysis the batch is not settled; one indexed
            // query says so, instead of the whole batch's status (every line, upload and media) after each analysis,
            // which made settling a batch of n lines cost n * n row reads.
            if (media.anyAwaitingAnalysis(batches.mediaBrought(batch.id()))) {
                continue;
            }
            // Settled: every line's analysis ended (or it never needed one), not merely every byte arrived.
            if (manifests.status(subject, batch.deviceId(), batch.id()).items().stream()
                    .allMatch(ItemStatus::isAnalysed)) {
                jobs.enqueue(
                        SuggestionJobs.BUILD_SUGGESTIONS,
                        subject,
                        new JobKind.NoPayload(),
                        JobOptions.defaults().withDedupeKey(subject.value()));
                return;
            }
        }
    }
}
