package dev.camroll.media;

import java.nio.file.Path;

/**
 * The pixel work of the {@code analyze-media} job on a JPEG/PNG/WebP/GIF file, without the queue: exactly the
 * calls {@link MediaAnalysis} makes on its temporary copy of the original, in its order and with the default
 * settings, and nothing else. For the analysis benchmark, which compares this tight loop with the whole queue; the
 * analysis classes stay package-private, this is their one public door, and only in the test sources.
 * <ol>
 * <li>{@link MetadataReader#read(Path)}: EXIF and the header's facts (orientation, displayed size, time, camera);</li>
 * <li>{@link ImageDecoder#decode(Path, int)}: the size check from the header, the subsampled decode on the decode
 * pool (bounded in time), the EXIF orientation applied;</li>
 * <li>{@link PreviewRenderer#render}: the 1280 px preview and the 320 px thumbnail, both encoded as JPEG;</li>
 * <li>{@link ImageMeasures#of}: the difference hash, sharpness, brightness, colourfulness, warmth.</li>
 * </ol>
 * Not included, because they are the queue's part: the claim, the consent checks, the copy of the original from the
 * store into a temporary file, storing the preview and thumbnail, the database update and the batch's settlement,
 * deleting the original, recording the job's outcome.
 */
public final class BareAnalysis {

    /** What one file gave: its displayed size, the bytes of its preview and thumbnail, its difference hash. */
    public record Outcome(int width, int height, int previewBytes, int thumbnailBytes, long differenceHash) {
    }

    private final MetadataReader metadata = new MetadataReader();

    private final ImageDecoder decoder;

    private final PreviewRenderer renderer;

    /** With the service's default {@code camroll.media.*} settings. */
    public BareAnalysis() {
        MediaAnalysisSettings settings = MediaAnalysisSettings.defaults();
        this.decoder = new ImageDecoder(settings);
        this.renderer = new PreviewRenderer(settings);
    }

    /**
     * Analyses one image file as the job does.
     *
     * @throws IllegalArgumentException when the job would fail the file (with the problem's slug and detail)
     */
    public Outcome analyse(Path file) {
        MediaFacts facts = metadata.read(file);
        ImageDecoder.Decoded decoded;
        try {
            decoded = decoder.decode(file, facts.orientation());
        }
        catch (AnalysisException e) {
            throw new IllegalArgumentException(e.problem().slug() + ": " + e.getMessage(), e);
        }
        PreviewRenderer.Previews previews = renderer.render(decoded.image());
        ImageMeasures measures = ImageMeasures.of(decoded.image());
        int width = facts.width() != null ? facts.width() : decoded.image().getWidth() * decoded.subsampling();
        int height = facts.height() != null ? facts.height() : decoded.image().getHeight() * decoded.subsampling();
        return new Outcome(width, height, previews.preview().length, previews.thumbnail().length,
                measures.differenceHash());
    }
}
