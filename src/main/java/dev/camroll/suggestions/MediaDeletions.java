package dev.camroll.suggestions;

import dev.camroll.jobs.JobOptions;
import dev.camroll.jobs.JobQueue;
import dev.camroll.media.MediaDeleted;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * A deleted media must leave the suggestions that showed it: the deletion queues a build of the user's suggestions in
 * its own transaction, which drops the media from them (or removes a suggestion left with too few shots).
 */
@Component
class MediaDeletions {

    private final JobQueue jobs;

    MediaDeletions(JobQueue jobs) {
        this.jobs = jobs;
    }

    @EventListener
    void rebuild(MediaDeleted deleted) {
        jobs.enqueue(SuggestionBuilder.BUILD_SUGGESTIONS, deleted.subject(), "{}",
                JobOptions.defaults().withDedupeKey(deleted.subject()));
    }
}
