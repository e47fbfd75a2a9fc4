package dev.camroll.sync;

import java.util.List;
import java.util.Set;
import java.util.UUID;

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
import dev.camroll.upload.UploadEnded;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
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

    private static final Set<String> ANALYSED = Set.of("processed", "failed", "duplicate", "rejected");

    private final JdbcClient jdbc;

    private final BatchManifests manifests;

    private final JobQueue jobs;

    private final UserAccounts accounts;

    private final ConsentGate consent;

    private final MediaLibrary media;

    BatchSettlement(
            JdbcClient jdbc,
            BatchManifests manifests,
            JobQueue jobs,
            UserAccounts accounts,
            ConsentGate consent,
            MediaLibrary media) {
        this.media = media;
        this.accounts = accounts;
        this.jdbc = jdbc;
        this.manifests = manifests;
        this.jobs = jobs;
        this.consent = consent;
    }

    @EventListener
    @Transactional
    void mediaSettled(MediaSettled settled) {
        // Every batch with a line that waits for this media: the line that announced it and the lines sharing its
        // upload.
        settle(settled.subject(), """
                SELECT DISTINCT b.batch_id, b.device_id FROM batch_items i JOIN batches b ON b.batch_id = i.batch_id
                WHERE i.media_id = ? AND i.upload_id IS NOT NULL AND b.subject = ?
                """, settled.mediaId());
    }

    @EventListener
    @Transactional
    void uploadEnded(UploadEnded ended) {
        // The upload's own batch, and every batch with a line sharing the upload.
        settle(ended.subject(), """
                SELECT DISTINCT b.batch_id, b.device_id FROM batch_items i JOIN batches b ON b.batch_id = i.batch_id
                WHERE i.upload_id = ? AND b.subject = ?
                """, ended.uploadId());
    }

    /** {@code batchesQuery} finds the batches to look at by {@code key} and the subject. */
    private void settle(String subject, String batchesQuery, UUID key) {
        // Two lines of one batch settling at once must not each see the other unsettled: one waits for the other.
        accounts.lock(subject);
        if (!consent.isGiven(subject, Purpose.CLOUD_PROCESSING)) {
            return; // withdrawn: nothing is built any more
        }
        List<Object[]> batches = jdbc.sql(batchesQuery)
                .params(key, subject)
                .query((rs, n) -> new Object[] {rs.getObject(1, UUID.class), rs.getString(2)})
                .list();
        for (Object[] batch : batches) {
            // While another line's own media still waits for its analysis the batch is not settled; one indexed
            // query says so, instead of the whole batch's status (every line, upload and media) after each analysis,
            // which made settling a batch of n lines cost n * n row reads.
            if (awaitsAnalysis((UUID) batch[0])) {
                continue;
            }
            // Settled: every line's analysis ended (or it never needed one), not merely every byte arrived.
            if (manifests.status(subject, (String) batch[1], (UUID) batch[0]).items().stream()
                    .allMatch(line -> ANALYSED.contains(line.state()))) {
                jobs.enqueue(
                        SuggestionJobs.BUILD_SUGGESTIONS,
                        Subject.of(subject),
                        new JobKind.NoPayload(),
                        JobOptions.defaults().withDedupeKey(subject));
                return;
            }
        }
    }

    /**
     * Whether a line of the batch brought media of its own that is still {@code stored}, which its status shows as
     * {@code stored}: not settled. (A line whose content another upload brought first has no media of its own id.)
     */
    private boolean awaitsAnalysis(UUID batchId) {
        List<UUID> brought = jdbc.sql("""
                        SELECT media_id FROM batch_items
                        WHERE batch_id = ? AND disposition = 'upload' AND media_id IS NOT NULL
                        """).param(batchId).query(UUID.class).list();
        return media.anyAwaitingAnalysis(brought);
    }
}
