package dev.camroll.media;

import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;

/**
 * Turns stored pixels upright by their EXIF Orientation (TIFF 6.0 tag 274, used unchanged by EXIF 2.32): the value
 * names which side of the upright picture the stored first row and first column show.
 */
final class Orientation {

    private Orientation() {
    }

    /**
     * The upright image for pixels stored with {@code orientation}; 1 and values outside 1..8 return the image
     * itself. Orientations 5 to 8 swap width and height.
     */
    static BufferedImage apply(BufferedImage stored, int orientation) {
        if (orientation < 2 || orientation > 8) {
            return stored;
        }
        BufferedImage packed = packed(stored);
        int w = packed.getWidth();
        int h = packed.getHeight();
        boolean swap = orientation >= 5;
        int outWidth = swap ? h : w;
        int outHeight = swap ? w : h;
        BufferedImage upright = new BufferedImage(outWidth, outHeight, packed.getType());
        int[] source = ((DataBufferInt) packed.getRaster().getDataBuffer()).getData();
        int[] target = ((DataBufferInt) upright.getRaster().getDataBuffer()).getData();
        for (int y = 0; y < outHeight; y++) {
            for (int x = 0; x < outWidth; x++) {
                // For each upright pixel, the stored pixel it comes from.
                int sx;
                int sy;
                switch (orientation) {
                    case 2 -> { // first row top, first column right: mirrored left to right
                        sx = w - 1 - x;
                        sy = y;
                    }
                    case 3 -> { // bottom, right: turned 180 degrees
                        sx = w - 1 - x;
                        sy = h - 1 - y;
                    }
                    case 4 -> { // bottom, left: mirrored top to bottom
                        sx = x;
                        sy = h - 1 - y;
                    }
                    case 5 -> { // left, top: transposed
                        sx = y;
                        sy = x;
                    }
                    case 6 -> { // right, top: stored a quarter turn anticlockwise, shown turned clockwise
                        sx = y;
                        sy = h - 1 - x;
                    }
                    case 7 -> { // right, bottom: transposed across the other diagonal
                        sx = w - 1 - y;
                        sy = h - 1 - x;
                    }
                    default -> { // 8, left, bottom: stored a quarter turn clockwise, shown turned anticlockwise
                        sx = w - 1 - y;
                        sy = x;
                    }
                }
                target[y * outWidth + x] = source[sy * w + sx];
            }
        }
        return upright;
    }

    /**
     * The image as packed sRGB ints ({@link BufferedImage#TYPE_INT_RGB}, or {@code TYPE_INT_ARGB} with
     * transparency), which pixel loops can index directly: reading a decoder's byte layout pixel by pixel through
     * its colour model costs more than the whole conversion, which Java2D does in one pass.
     */
    static BufferedImage packed(BufferedImage image) {
        if (image.getType() == BufferedImage.TYPE_INT_RGB || image.getType() == BufferedImage.TYPE_INT_ARGB) {
            return image;
        }
        BufferedImage packed = new BufferedImage(image.getWidth(), image.getHeight(),
                image.getColorModel().hasAlpha() ? BufferedImage.TYPE_INT_ARGB : BufferedImage.TYPE_INT_RGB);
        Graphics2D g = packed.createGraphics();
        try {
            g.drawImage(image, 0, 0, null);
        }
        finally {
            g.dispose();
        }
        return packed;
    }
}
