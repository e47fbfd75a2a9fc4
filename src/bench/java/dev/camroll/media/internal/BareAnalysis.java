package dev.camroll.media.internal;

import java.nio.file.Path;

/**
 * The pixel work of the {@code analyze-media} job on a JPEG/PNG/WebP/GIF file, without the queue: exactly the
 * calls {@link MediaAnalysis} makes on the original's file, in its order and with the default settings, and nothing
 * else. For the analysis benchmark, which compares this tight loop with the whole queue; the analysis classes stay
 * package-private, this is their one public door, and only in the test sources.
 * <ol>
 * <li>{@link MetadataReader#read(Path)}: EXIF and the header's facts (orientation, displayed size, time, camera);</li>
 * <li>{@link ImageDecoder#decode(Path, int, ImageDecoder.PictureWork)} with {@link Picture#madeBy}, all on the
 * decode pool and bounded in time: the size check from the header, the reduced decode (a JPEG at 1/2, 1/4 or 1/8
 * by libjpeg-turbo when installed, else ImageIO's subsampling), the EXIF orientation applied while scaling to the
 * preview size, then {@link PreviewRenderer#render} (the 1280 px preview and the 320 px
 * thumbnail, both encoded as JPEG) and {@link ImageMeasures#of} (the difference hash, sharpness, brightness,
 * colourfulness, warmth).</li>
 * </ol>
 * Not included, because they are the queue's part: the claim, the consent checks, storing the preview and
 * thumbnail, the database update and the batch's settlement, deleting the original, recording the job's outcome.
 */
public final class BareAnalysis {

    /** What one file gave: its displayed size, the bytes of its preview and thumbnail, its difference hash. */
    public record Outcome(int width, int height, int previewBytes, int thumbnailBytes, long differenceHash) {}

    private final MetadataReader metadata = new MetadataReader();

    private final ImageDecoder decoder;

    private final ImageDecoder.PictureWork<Picture> pictureWork;

    /** With the service's default {@code camroll.media.*} settings. */
    public BareAnalysis() {
        MediaAnalysisSettings settings = MediaAnalysisSettings.defaults();
        this.decoder = new ImageDecoder(settings);
        this.pictureWork = Picture.madeBy(new PreviewRenderer(settings));
    }

    /**
     * Analyses one image file as the job does.
     *
     * @throws IllegalArgumentException when the job would fail the file (with the problem's slug and detail)
     */
    public Outcome analyse(Path file) {
        MediaFacts facts = metadata.read(file);
        Picture picture;
        try {
            picture = decoder.decode(file, facts.orientation(), pictureWork);
        } catch (AnalysisException e) {
            throw new IllegalArgumentException(e.problem().slug() + ": " + e.getMessage(), e);
        }
        int width = facts.width() != null ? facts.width() : picture.displayedWidth();
        int height = facts.height() != null ? facts.height() : picture.displayedHeight();
        return new Outcome(
                width,
                height,
                picture.previews().preview().length,
                picture.previews().thumbnail().length,
                picture.measures().differenceHash());
    }
}
