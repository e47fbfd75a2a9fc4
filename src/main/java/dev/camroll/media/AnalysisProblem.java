package dev.camroll.media;

/**
 * Why a file could not be analysed (or could not be given a preview); the slug is what a media's {@code problem}
 * names in the API (contract section Media), so a slug is never renamed or reused.
 */
enum AnalysisProblem {

    /** The header claims more pixels than {@link MediaAnalysisSettings#maxPixels()}: refused before decoding. */
    IMAGE_TOO_LARGE("image-too-large"),
    /** Not an image any installed decoder reads, or truncated or damaged so that its pixels cannot be had. */
    UNDECODABLE("undecodable"),
    /** Decoding took longer than {@link MediaAnalysisSettings#decodeTimeout()} and was abandoned. */
    DECODE_TIMEOUT("decode-timeout"),
    /** HEIC/HEIF pixels need libheif's {@code heif-convert}, which this machine does not have. */
    NO_HEIC_DECODER("no-heic-decoder");

    private final String slug;

    AnalysisProblem(String slug) {
        this.slug = slug;
    }

    String slug() {
        return slug;
    }
}
