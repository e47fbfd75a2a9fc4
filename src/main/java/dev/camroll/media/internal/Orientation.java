package dev.camroll.media.internal;

import java.awt.geom.AffineTransform;

/**
 * Turns stored pixels upright by their EXIF Orientation (TIFF 6.0 tag 274, used unchanged by EXIF 2.32): the value
 * names which side of the upright picture the stored first row and first column show.
 */
final class Orientation {

    private Orientation() {}

    /** Whether the orientation stores the picture on its side (5 to 8), so its width and height swap upright. */
    static boolean swapsSides(int orientation) {
        return orientation >= 5 && orientation <= 8;
    }

    /**
     * The transform from the coordinates of an image stored {@code width} x {@code height} with {@code orientation}
     * to those of its upright picture; the identity for 1 and for values outside 1..8. Drawing through it copies
     * pixels exactly (every pixel centre lands on a pixel centre), and a scale put before it turns and resizes in
     * one pass.
     */
    static AffineTransform toUpright(int orientation, int width, int height) {
        // AffineTransform(m00, m10, m01, m11, m02, m12): upright x = m00 sx + m01 sy + m02, y = m10 sx + m11 sy + m12
        return switch (orientation) {
            case 2 -> new AffineTransform(-1, 0, 0, 1, width, 0); // first row top, first column right: mirrored
            case 3 -> new AffineTransform(-1, 0, 0, -1, width, height); // bottom, right: turned 180 degrees
            case 4 -> new AffineTransform(1, 0, 0, -1, 0, height); // bottom, left: mirrored top to bottom
            case 5 -> new AffineTransform(0, 1, 1, 0, 0, 0); // left, top: transposed
            case 6 -> new AffineTransform(0, 1, -1, 0, height, 0); // right, top: shown a quarter turn clockwise
            case 7 -> new AffineTransform(0, -1, -1, 0, height, width); // right, bottom: the other diagonal
            case 8 -> new AffineTransform(0, -1, 1, 0, 0, width); // left, bottom: a quarter turn anticlockwise
            default -> new AffineTransform();
        };
    }
}
