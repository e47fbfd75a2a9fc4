package dev.camroll.suggestions.internal;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import javax.imageio.ImageIO;

import dev.camroll.suggestions.internal.CollageLayout.Cell;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static dev.camroll.suggestions.internal.CollageLayout.GUTTER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What {@link CollageRenderer} makes: a JPEG 2048 px wide with each member filling its cell, on white. */
class CollageRendererTests {

    /** Colours that differ by at least 110 (the sum of the channels' differences) from each other and from white. */
    private static final Color[] COLOURS = {
        new Color(220, 40, 40), new Color(40, 160, 70), new Color(40, 70, 210), new Color(235, 200, 40),
        new Color(190, 50, 190), new Color(40, 190, 200), new Color(240, 110, 20), new Color(100, 40, 140),
        new Color(20, 90, 40), new Color(130, 80, 30), new Color(245, 160, 190), new Color(20, 30, 100),
        new Color(160, 220, 80), new Color(128, 128, 128), new Color(10, 10, 10), new Color(0, 120, 130)
    };

    private final CollageRenderer renderer = new CollageRenderer();

    /** Collages of every count from landscape previews and from previews of mixed shapes. */
    static Stream<Arguments> collages() {
        List<Arguments> collages = new ArrayList<>();
        for (int count = CollageLayout.MIN_COLLAGE; count <= CollageLayout.MAX_COLLAGE; count++) {
            collages.add(Arguments.of(count + " landscapes", previews(count, new int[] {1280, 960})));
            collages.add(Arguments.of(
                    count + " mixed",
                    previews(
                            count,
                            new int[] {1280, 960},
                            new int[] {960, 1280},
                            new int[] {1280, 1280},
                            new int[] {1280, 720},
                            new int[] {1280, 427})));
        }
        return collages.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("collages")
    void everyMemberOfACollageShowsInItsCell(String name, List<BufferedImage> members) throws IOException {
        CollageRenderer.Rendered collage = renderer.collage(members);

        assertShowsEveryMember(collage, members.size());
    }

    @Test
    void everyMemberOfAMosaicShowsInItsCell() throws IOException {
        List<BufferedImage> members = previews(
                16, new int[] {1280, 960}, new int[] {960, 1280}, new int[] {1280, 960}, new int[] {1280, 1280});

        CollageRenderer.Rendered mosaic = renderer.mosaic(members);

        assertThat(mosaic.layout().template()).startsWith("mosaic");
        assertShowsEveryMember(mosaic, members.size());
    }

    @Test
    void onlyGuttersAreWhite() {
        List<BufferedImage> members = previews(7, new int[] {1280, 960}, new int[] {960, 1280});
        CollageLayout layout = CollageLayout.collage(CollageRenderer.aspects(members));

        BufferedImage canvas = CollageRenderer.draw(layout, members);

        int white = Color.WHITE.getRGB();
        for (int y = 0; y < canvas.getHeight(); y += 3) {
            for (int x = 0; x < canvas.getWidth(); x += 3) {
                int rgb = canvas.getRGB(x, y);
                int cell = cellAt(layout, x, y);
                if (cell < 0) {
                    assertThat(rgb).as("gutter at (%d, %d)", x, y).isEqualTo(white);
                } else {
                    assertThat(rgb).as("cell %d at (%d, %d)", cell, x, y).isEqualTo(COLOURS[cell].getRGB());
                }
            }
        }
    }

    @Test
    void aMemberOfAnotherShapeFillsItsCellWithItsMiddle() {
        // A 4:1 panorama, red in its middle third, in a portrait cell; a 1:4 strip, green in its middle third, in
        // a wide cell: cover-fit shows only their middles, from corner to corner.
        BufferedImage panorama = thirds(1280, 320, true, COLOURS[0], COLOURS[2]);
        BufferedImage strip = thirds(320, 1280, false, COLOURS[1], COLOURS[2]);
        CollageLayout layout = new CollageLayout(
                "test", 2048, 1024, List.of(new Cell(GUTTER, GUTTER, 600, 900), new Cell(616, GUTTER, 1000, 300)));

        BufferedImage canvas = CollageRenderer.draw(layout, List.of(panorama, strip));

        assertCorners(canvas, layout.cells().get(0), COLOURS[0]);
        assertCorners(canvas, layout.cells().get(1), COLOURS[1]);
    }

    @Test
    void aPanoramaAmongPortraitsFillsItsCellInTheJpeg() throws IOException {
        List<BufferedImage> members = previews(5, new int[] {960, 1280});
        members.set(2, solid(1280, 320, COLOURS[2]));

        CollageRenderer.Rendered collage = renderer.collage(members);

        BufferedImage picture = decode(collage.jpeg());
        Cell cell = collage.layout().cells().get(2);
        // Far enough inside for JPEG's 8 x 8 blocks and halved colour not to mix in the white gutter.
        int inset = 12;
        for (int[] corner : new int[][] {
            {cell.x() + inset, cell.y() + inset},
            {cell.right() - inset, cell.y() + inset},
            {cell.x() + inset, cell.bottom() - inset},
            {cell.right() - inset, cell.bottom() - inset}
        }) {
            assertColour(picture, corner[0], corner[1], COLOURS[2], "corner of the panorama's cell");
        }
    }

    @Test
    void aLargeMemberIsAveragedDownNotAliased() {
        // One white column in four: scaled to an eighth it is an even grey of a quarter of white, where sampling
        // without averaging would give stripes of black and light grey.
        BufferedImage fine = new BufferedImage(4000, 3000, CollageRenderer.RGB);
        Graphics2D g = fine.createGraphics();
        g.setColor(Color.WHITE);
        for (int x = 0; x < 4000; x += 4) {
            g.fillRect(x, 0, 1, 3000);
        }
        g.dispose();
        Cell cell = new Cell(GUTTER, GUTTER, 500, 375);
        CollageLayout layout = new CollageLayout("test", 2048, 1024, List.of(cell));

        BufferedImage canvas = CollageRenderer.draw(layout, List.of(fine));

        double sum = 0;
        double sumOfSquares = 0;
        int count = 0;
        for (int y = cell.y() + 4; y < cell.bottom() - 4; y++) {
            for (int x = cell.x() + 4; x < cell.right() - 4; x++) {
                int grey = canvas.getRGB(x, y) & 0xff;
                sum += grey;
                sumOfSquares += grey * grey;
                count++;
            }
        }
        double mean = sum / count;
        double deviation = Math.sqrt(sumOfSquares / count - mean * mean);
        assertThat(mean).isCloseTo(255 / 4.0, Offset.offset(8.0));
        assertThat(deviation).isLessThan(6);
    }

    @Test
    void theSameMembersGiveTheSameJpeg() {
        List<BufferedImage> members = previews(9, new int[] {1280, 960}, new int[] {960, 1280});

        assertThat(renderer.collage(members).jpeg())
                .isEqualTo(renderer.collage(previews(9, new int[] {1280, 960}, new int[] {960, 1280}))
                        .jpeg());
    }

    @Test
    void theJpegIsBaseline() {
        byte[] jpeg = renderer.collage(previews(4, new int[] {1280, 960})).jpeg();

        Set<Integer> markers = markers(jpeg);
        assertThat(markers).as("start of frame, baseline").contains(0xc0);
        assertThat(markers).as("start of frame, progressive").doesNotContain(0xc2);
    }

    @Test
    void aLayoutTakesAsManyMembersAsItHasCells() {
        List<BufferedImage> members = previews(5, new int[] {1280, 960});
        CollageLayout forFour = CollageLayout.collage(CollageRenderer.aspects(members.subList(0, 4)));

        assertThatThrownBy(() -> renderer.render(forFour, members)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theQualityIsATenthToOne() {
        assertThatThrownBy(() -> new CollageRenderer(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new CollageRenderer(1.5f)).isInstanceOf(IllegalArgumentException.class);
        assertThat(new CollageRenderer(0.5f)
                        .collage(previews(4, new int[] {1280, 960}))
                        .jpeg()
                        .length)
                .isLessThan(renderer.collage(previews(4, new int[] {1280, 960})).jpeg().length);
    }

    /** The JPEG decodes at the layout's size, 2048 px wide, with member i's colour in the middle of cell i. */
    private static void assertShowsEveryMember(CollageRenderer.Rendered rendered, int members) throws IOException {
        BufferedImage picture = decode(rendered.jpeg());
        CollageLayout layout = rendered.layout();
        assertThat(picture.getWidth()).isEqualTo(2048);
        assertThat(picture.getWidth()).isEqualTo(layout.width());
        assertThat(picture.getHeight()).isEqualTo(layout.height());
        assertThat(layout.cells()).hasSize(members);
        for (int i = 0; i < members; i++) {
            Cell cell = layout.cells().get(i);
            int x = cell.x() + cell.width() / 2;
            int y = cell.y() + cell.height() / 2;
            for (int[] near : new int[][] {{0, 0}, {-10, -10}, {10, 10}, {-10, 10}, {10, -10}}) {
                assertColour(picture, x + near[0], y + near[1], COLOURS[i], "member " + i + " of " + layout);
            }
        }
    }

    /** The four corner pixels of the cell have the colour exactly, and the pixels just outside them are white. */
    private static void assertCorners(BufferedImage canvas, Cell cell, Color colour) {
        int[][] corners = {
            {cell.x(), cell.y()},
            {cell.right() - 1, cell.y()},
            {cell.x(), cell.bottom() - 1},
            {cell.right() - 1, cell.bottom() - 1}
        };
        for (int[] corner : corners) {
            assertThat(new Color(canvas.getRGB(corner[0], corner[1])))
                    .as("corner (%d, %d) of %s", corner[0], corner[1], cell)
                    .isEqualTo(colour);
        }
        assertThat(new Color(canvas.getRGB(cell.x() - 1, cell.y()))).isEqualTo(Color.WHITE);
        assertThat(new Color(canvas.getRGB(cell.right(), cell.bottom() - 1))).isEqualTo(Color.WHITE);
        assertThat(new Color(canvas.getRGB(cell.x(), cell.bottom()))).isEqualTo(Color.WHITE);
    }

    private static void assertColour(BufferedImage image, int x, int y, Color expected, String where) {
        Color actual = new Color(image.getRGB(x, y));
        int difference = Math.abs(actual.getRed() - expected.getRed())
                + Math.abs(actual.getGreen() - expected.getGreen())
                + Math.abs(actual.getBlue() - expected.getBlue());
        assertThat(difference)
                .as("%s at (%d, %d) is %s, expected %s", where, x, y, actual, expected)
                .isLessThan(40);
    }

    /** The cell that holds the pixel, or -1 for a gutter. */
    private static int cellAt(CollageLayout layout, int x, int y) {
        for (int i = 0; i < layout.cells().size(); i++) {
            Cell cell = layout.cells().get(i);
            if (x >= cell.x() && x < cell.right() && y >= cell.y() && y < cell.bottom()) {
                return i;
            }
        }
        return -1;
    }

    /** Previews of these sizes (width, height) in turn, member i all in colour i. */
    static List<BufferedImage> previews(int count, int[]... sizes) {
        List<BufferedImage> previews = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int[] size = sizes[i % sizes.length];
            previews.add(solid(size[0], size[1], COLOURS[i]));
        }
        return previews;
    }

    /** An image of one colour, laid out as a decoded JPEG preview is. */
    static BufferedImage solid(int width, int height, Color colour) {
        BufferedImage image = new BufferedImage(width, height, CollageRenderer.RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(colour);
        g.fillRect(0, 0, width, height);
        g.dispose();
        return image;
    }

    /** An image in the colour {@code middle} in its middle third (across or down) and {@code outside} elsewhere. */
    private static BufferedImage thirds(int width, int height, boolean across, Color middle, Color outside) {
        BufferedImage image = solid(width, height, outside);
        Graphics2D g = image.createGraphics();
        g.setColor(middle);
        if (across) {
            g.fillRect(width / 3, 0, width / 3, height);
        } else {
            g.fillRect(0, height / 3, width, height / 3);
        }
        g.dispose();
        return image;
    }

    private static BufferedImage decode(byte[] jpeg) throws IOException {
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(jpeg));
        assertThat(image).as("a decodable JPEG").isNotNull();
        return image;
    }

    /** The codes of the JPEG's marker segments up to the start of the scan (ITU T.81 B.1.1.4). */
    private static Set<Integer> markers(byte[] jpeg) {
        assertThat(jpeg[0] & 0xff).isEqualTo(0xff);
        assertThat(jpeg[1] & 0xff).as("start of image").isEqualTo(0xd8);
        Set<Integer> markers = new HashSet<>();
        int at = 2;
        while (at + 4 <= jpeg.length && (jpeg[at] & 0xff) == 0xff) {
            int marker = jpeg[at + 1] & 0xff;
            markers.add(marker);
            if (marker == 0xda) {
                break;
            }
            at += 2 + ((jpeg[at + 2] & 0xff) << 8 | jpeg[at + 3] & 0xff);
        }
        return markers;
    }
}
