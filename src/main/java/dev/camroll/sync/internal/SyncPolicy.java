package dev.camroll.sync.internal;

import java.util.List;

import dev.camroll.consent.ConsentGate;
import dev.camroll.consent.Purpose;
import dev.camroll.identity.Subject;
import dev.camroll.jobs.JobHandler;
import dev.camroll.jobs.JobQueue;
import dev.camroll.media.MediaJobs;
import dev.camroll.media.MediaLibrary;
import dev.camroll.sync.SyncSettings;
import dev.camroll.upload.UploadSettings;
import dev.camroll.upload.Uploads;
import io.swagger.v3.oas.annotations.media.Schema;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/** What the app may do now; {@code syncAllowed} is false exactly when an upload would be refused. */
@Component
class SyncPolicy {

    record Policy(
            boolean syncAllowed,
            @Schema(nullable = true) @Nullable String reason,
            long minIntervalSeconds,
            int maxItemsPerBatch,
            long maxBytesPerBatch,
            long maxFileBytes,
            List<String> acceptedMimeTypes,
            boolean videoRequiresUnmetered,
            @Schema(nullable = true) @Nullable Long retryAfterSeconds) {}

    private final SyncSettings settings;

    private final ConsentGate consent;

    private final MediaLibrary media;

    private final Uploads uploads;

    private final UploadSettings uploadSettings;

    private final JobQueue jobs;

    private final List<JobHandler> handlers;

    private final BatchAllowance allowance;

    SyncPolicy(
            SyncSettings settings,
            UploadSettings uploadSettings,
            ConsentGate consent,
            MediaLibrary media,
            Uploads uploads,
            JobQueue jobs,
            List<JobHandler> handlers,
            BatchAllowance allowance) {
        this.allowance = allowance;
        this.jobs = jobs;
        this.handlers = handlers;
        this.settings = settings;
        this.uploadSettings = uploadSettings;
        this.consent = consent;
        this.media = media;
        this.uploads = uploads;
    }

    Policy forUser(Subject subject) {
        @Nullable String reason = null;
        @Nullable Long retryAfter = null;
        if (!consent.isGiven(subject, Purpose.CLOUD_PROCESSING)) {
            reason = "consent-required";
        } else if (usedBytes(subject) >= settings.quota().toBytes()) {
            reason = "quota-exceeded";
        } else if ((retryAfter = allowance
                        .wait(subject)
                        .map(BatchAllowance::retryAfterSeconds)
                        .orElse(null))
                != null) {
            reason = "rate-limited"; // the day's manifests are used up
        } else if (busy(subject) != Backlog.NONE) {
            reason = "server-busy";
        }
        return new Policy(
                reason == null,
                reason,
                settings.minInterval().toSeconds(),
                settings.maxItemsPerBatch(),
                settings.maxBytesPerBatch().toBytes(),
                maxFileBytes(),
                uploadSettings.acceptedMimeTypes(),
                settings.videoRequiresUnmetered(),
                "server-busy".equals(reason) ? Long.valueOf(retryAfterSeconds()) : retryAfter);
    }

    /** Whose waiting analyses hold new uploads off ({@code server-busy}), if anyone's. */
    enum Backlog {
        /** Neither the user's nor everyone's backlog is at its threshold. */
        NONE,
        /** The user's own analyses wait in such numbers that their new uploads should hold off. */
        USER,
        /** Analyses of all users together do: the service is overloaded. */
        SERVICE
    }

    /**
     * Whether analyses wait in such numbers that new uploads of {@code subject} should hold off: their own (the
     * usual case; other users are not refused for it) or everyone's (the backstop). Both counts stop at their
     * threshold, so each request reads a bounded index range however long the queue is. Only where something
     * analyses them: without a handler the queue does not drain, and holding uploads back would not help.
     */
    Backlog busy(Subject subject) {
        if (handlers.stream().noneMatch(h -> MediaJobs.ANALYZE_MEDIA.equals(h.kind()))) {
            return Backlog.NONE;
        }
        long userDepth = settings.busyUserQueueDepth();
        if (jobs.queuedFor(subject, MediaJobs.ANALYZE_MEDIA, userDepth) >= userDepth) {
            return Backlog.USER;
        }
        long serviceDepth = settings.busyQueueDepth();
        return jobs.queued(MediaJobs.ANALYZE_MEDIA, serviceDepth) >= serviceDepth ? Backlog.SERVICE : Backlog.NONE;
    }

    long retryAfterSeconds() {
        return settings.busyRetryAfter().toSeconds();
    }

    long maxFileBytes() {
        return uploadSettings.maxFileSize().toBytes();
    }

    /** Stored media and open uploads together. */
    long usedBytes(Subject subject) {
        return media.storedBytes(subject) + uploads.reservedBytes(subject);
    }
}
