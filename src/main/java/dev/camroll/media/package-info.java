/**
 * Media: a user's stored photos and videos (one record per distinct content), their state through analysis,
 * and what other modules need to know about them (dedupe by SHA-256, the bytes a user stores). The analysis reads
 * each file's metadata ({@code MetadataReader}), decodes its pixels within limits ({@code ImageDecoder}, and
 * {@code HeifConverter} for HEIC), makes upright previews ({@code PreviewRenderer}) and measures the picture
 * ({@code ImageMeasures}), keeping any copy of a photo in the data directory ({@code AnalysisWorkspace}); its settings
 * are {@code camroll.media.*} ({@code MediaAnalysisSettings}).
 */
package dev.camroll.media;
