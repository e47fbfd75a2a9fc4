package dev.camroll.media.internal;

/**
 * What the pixel work makes of one image: its preview and thumbnail, its fingerprint and quality measures, and its
 * size as it is shown.
 */
record Picture(PreviewRenderer.Previews previews, ImageMeasures measures, int displayedWidth, int displayedHeight) {

    /** The work {@link MediaAnalysis} has done on each decoded image, on the decoding thread's canvases. */
    static ImageDecoder.PictureWork<Picture> madeBy(PreviewRenderer renderer) {
        return (decoded, canvases) -> new Picture(
                renderer.render(decoded.image(), canvases),
                ImageMeasures.of(decoded.image(), canvases),
                decoded.displayedWidth(),
                decoded.displayedHeight());
    }
}
