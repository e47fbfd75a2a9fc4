/**
 * Media: a user's stored photos and videos (one record per distinct content), their state through analysis,
 * and what other modules need to know about them (dedupe by SHA-256, the bytes a user stores, the shots suggestions
 * are made of). The analysis (in {@code internal}) reads each file's metadata ({@code MetadataReader}), decodes its
 * pixels within limits ({@code ImageDecoder}, and {@code HeifConverter} for HEIC), makes upright previews
 * ({@code PreviewRenderer}) and measures the picture ({@code ImageMeasures}), keeping any copy of a photo in the data
 * directory ({@code AnalysisWorkspace}); its settings are {@code camroll.media.*} ({@code MediaAnalysisSettings}).
 *
 * <p>Owns the {@code media} table (all of its SQL is in {@code internal.MediaRows}) and each media's objects under
 * its user's prefix: the original while it is kept, the preview and the thumbnail. Offers {@link MediaLibrary}
 * (record verified bytes as media and queue their analysis, find by content, states and counts as
 * {@link MediaState}, the {@link Shot}s of processed photos, previews, stored bytes for the quota), typed
 * {@link MediaId}s, the events {@link MediaSettled} and {@link MediaDeleted}, and the job kind
 * {@link MediaJobs#ANALYZE_MEDIA}. Serves {@code /v1/media}, takes part in the purge and the export (privacy's
 * {@code PersonalData}) and tells the reconciler which objects it owns.
 */
@ApplicationModule(
        displayName = "Media",
        allowedDependencies = {"api", "consent", "identity", "jobs", "privacy", "runtime", "storage"})
@NullMarked
package dev.camroll.media;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
