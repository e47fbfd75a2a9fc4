package dev.camroll.suggestions;

import dev.camroll.jobs.JobKind;

/** The job kinds of the suggestions module; other modules queue {@link #BUILD_SUGGESTIONS} when a user's media change. */
public final class SuggestionJobs {

    /** Plans the user's suggestions anew; queue it with the subject as dedupe key (one pending per user). */
    public static final JobKind<JobKind.NoPayload> BUILD_SUGGESTIONS =
            JobKind.of("build-suggestions", JobKind.NoPayload.class);

    private SuggestionJobs() {}
}
