package dev.camroll.suggestions.internal;

import dev.camroll.consent.ConsentGate;
import dev.camroll.consent.ConsentWithdrawn;
import dev.camroll.consent.Purpose;
import dev.camroll.identity.Subject;
import dev.camroll.jobs.JobKind;
import dev.camroll.jobs.JobOptions;
import dev.camroll.jobs.JobQueue;
import dev.camroll.media.MediaDeleted;
import dev.camroll.suggestions.SuggestionJobs;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Changes that must reach the user's suggestions without new photos, each queueing a build in its own transaction: a
 * deleted media leaves the suggestions that showed it (a suggestion left with too few shots goes), and withdrawing
 * {@code location_analysis} removes the suggestions made from positions (trips, golden hours).
 */
@Component
class RebuildTriggers {

    private final JobQueue jobs;

    private final ConsentGate consent;

    RebuildTriggers(JobQueue jobs, ConsentGate consent) {
        this.jobs = jobs;
        this.consent = consent;
    }

    @EventListener
    void mediaDeleted(MediaDeleted deleted) {
        rebuild(deleted.subject().value());
    }

    @EventListener
    void locationWithdrawn(ConsentWithdrawn withdrawn) {
        // Not when it follows cloud_processing's withdrawal (a cascade): then the purge removes every suggestion.
        if (withdrawn.purpose() == Purpose.LOCATION_ANALYSIS
                && consent.isGiven(withdrawn.subject(), Purpose.CLOUD_PROCESSING)) {
            rebuild(withdrawn.subject().value());
        }
    }

    private void rebuild(String subject) {
        jobs.enqueue(
                SuggestionJobs.BUILD_SUGGESTIONS,
                Subject.of(subject),
                new JobKind.NoPayload(),
                JobOptions.defaults().withDedupeKey(subject));
    }
}
