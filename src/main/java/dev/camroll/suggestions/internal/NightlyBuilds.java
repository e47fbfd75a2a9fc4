package dev.camroll.suggestions.internal;

import java.util.List;

import dev.camroll.consent.ConsentGate;
import dev.camroll.consent.Purpose;
import dev.camroll.identity.Subject;
import dev.camroll.jobs.JobKind;
import dev.camroll.jobs.JobOptions;
import dev.camroll.jobs.JobQueue;
import dev.camroll.media.MediaLibrary;
import dev.camroll.runtime.LoopSupervisor;
import dev.camroll.suggestions.SuggestionJobs;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Queues a build of every user's suggestions once a night, for what depends on the date rather than on new photos:
 * this day in earlier years appears on its day and goes the day after. Every instance does it; the queue keeps one
 * pending build per user, and a build twice in a night changes nothing the second time.
 */
@Component
class NightlyBuilds {

    private static final Logger log = LoggerFactory.getLogger(NightlyBuilds.class);

    static final String LOOP = "nightly-suggestion-builds";

    private final MediaLibrary media;

    private final JobQueue jobs;

    private final ConsentGate consent;

    private final TransactionTemplate transaction;

    private final LoopSupervisor loops;

    NightlyBuilds(
            MediaLibrary media,
            JobQueue jobs,
            ConsentGate consent,
            TransactionTemplate transaction,
            LoopSupervisor loops) {
        this.media = media;
        this.jobs = jobs;
        this.consent = consent;
        this.transaction = transaction;
        this.loops = loops;
    }

    /** By default at 00:15 UTC ({@code camroll.suggestions.nightly}, a cron expression), under the supervisor. */
    @Scheduled(cron = "${camroll.suggestions.nightly:0 15 0 * * *}", zone = "UTC")
    void queueBuildsOnSchedule() {
        loops.iterate(LOOP, this::queueBuilds);
    }

    /** Queues the builds. */
    void queueBuilds() {
        List<String> subjects =
                media.subjectsWithProcessedMedia().stream().map(Subject::value).toList();
        int queued = 0;
        for (String subject : subjects) {
            if (consent.isGiven(Subject.of(subject), Purpose.CLOUD_PROCESSING)) {
                transaction.executeWithoutResult(tx -> jobs.enqueue(
                        SuggestionJobs.BUILD_SUGGESTIONS,
                        Subject.of(subject),
                        new JobKind.NoPayload(),
                        JobOptions.defaults().withDedupeKey(subject)));
                queued++;
            }
        }
        log.info("Nightly suggestion builds queued for {} users", queued);
    }
}
