package dev.camroll.media;

import java.util.UUID;

import dev.camroll.jobs.JobKind;

/** The job kinds of the media module that other modules may name (to count them, or to wait for them). */
public final class MediaJobs {

    /** Analyses one stored upload: metadata, preview and thumbnail. */
    public static final JobKind<AnalyzeMedia> ANALYZE_MEDIA = JobKind.of("analyze-media", AnalyzeMedia.class);

    /** The payload of {@link #ANALYZE_MEDIA}. */
    public record AnalyzeMedia(UUID mediaId) {}

    private MediaJobs() {}
}
