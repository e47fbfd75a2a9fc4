package dev.camroll.media.internal;

import java.util.Optional;

/**
 * Why a file could not be analysed (or could not be given a preview); the slug is what a media's {@code problem}
 * names in the API (contract section Media), so a slug is never renamed or reused.
 */
enum AnalysisProblem {

    /**
     * The header claims more pixels than {@link MediaAnalysisSettings#maxPixels()}, a side longer than
     * {@link MediaAnalysisSettings#maxSide()}, or more metadata than {@link MediaAnalysisSettings#maxMetadataSize()}:
     * refused before decoding.
     */
    IMAGE_TOO_LARGE("image-too-large", "The image is larger than this service decodes, so it has no preview."),
    /**
     * Not an image any installed decoder reads, truncated or damaged so that its pixels cannot be had, or its structure
     * claims more bytes than the file holds.
     */
    UNDECODABLE("undecodable", "The file is damaged or not in a format this service can read, so it has no preview."),
    /** Decoding took longer than {@link MediaAnalysisSettings#decodeTimeout()} and was abandoned. */
    DECODE_TIMEOUT("decode-timeout", "Decoding the image took too long and was stopped, so it has no preview."),
    /** HEIC/HEIF pixels need libheif's {@code heif-convert}, which this machine does not have. */
    NO_HEIC_DECODER("no-heic-decoder", "This service has no HEIC/HEIF decoder installed, so the photo has no preview.");

    private final String slug;

    private final String sentence;

    AnalysisProblem(String slug, String sentence) {
        this.slug = slug;
        this.sentence = sentence;
    }

    String slug() {
        return slug;
    }

    /**
     * What a media's {@code problem.detail} says: a fixed sentence per problem, never a decoder's or a tool's output,
     * a path or an exception's text, which only the log holds.
     */
    String sentence() {
        return sentence;
    }

    /** The problem with this slug, if it is one of the analysis's. */
    static Optional<AnalysisProblem> ofSlug(String slug) {
        for (AnalysisProblem problem : values()) {
            if (problem.slug.equals(slug)) {
                return Optional.of(problem);
            }
        }
        return Optional.empty();
    }
}
