package dev.camroll.suggestions;

import dev.camroll.consent.ConsentWithdrawn;
import dev.camroll.consent.Purpose;
import dev.camroll.jobs.JobOptions;
import dev.camroll.jobs.JobQueue;
import dev.camroll.media.MediaDeleted;

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

    RebuildTriggers(JobQueue jobs) {
        this.jobs = jobs;
    }

    @EventListener
    void mediaDeleted(MediaDeleted deleted) {
        rebuild(deleted.subject());
    }

    @EventListener
    void locationWithdrawn(ConsentWithdrawn withdrawn) {
        if (withdrawn.purpose() == Purpose.LOCATION_ANALYSIS) {
            rebuild(withdrawn.subject());
        }
    }

    private void rebuild(String subject) {
        jobs.enqueue(SuggestionBuilder.BUILD_SUGGESTIONS, subject, "{}", JobOptions.defaults().withDedupeKey(subject));
    }
}
