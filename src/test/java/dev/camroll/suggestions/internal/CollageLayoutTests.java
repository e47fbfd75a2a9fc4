package dev.camroll.suggestions.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import dev.camroll.suggestions.internal.CollageLayout.Cell;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import static dev.camroll.suggestions.internal.CollageLayout.GUTTER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Where {@link CollageLayout} puts the members of a collage or of a recap's mosaic. */
class CollageLayoutTests {

    static final double LANDSCAPE = 4.0 / 3;

    static final double PORTRAIT = 3.0 / 4;

    static final double SQUARE = 1;

    static final double WIDE = 16.0 / 9;

    static final double TALL = 9.0 / 16;

    static final double PANORAMA = 3;

    /** The shapes phones take photos in. */
    private static final double[] PHONE_SHAPES = {LANDSCAPE, PORTRAIT, SQUARE, WIDE, TALL};

    /** Collages of every count in shapes that matter: all alike, mixed, a hero of another shape, a panorama. */
    static Stream<Arguments> collages() {
        List<Arguments> collages = new ArrayList<>();
        for (int count = CollageLayout.MIN_COLLAGE; count <= CollageLayout.MAX_COLLAGE; count++) {
            collages.add(collage(count + " landscapes", same(count, LANDSCAPE)));
            collages.add(collage(count + " portraits", same(count, PORTRAIT)));
            collages.add(collage(count + " squares", same(count, SQUARE)));
            collages.add(collage(count + " alternating", alternating(count)));
            double[] portraitHero = same(count, LANDSCAPE);
            portraitHero[0] = PORTRAIT;
            collages.add(collage(count + " landscapes after a portrait", portraitHero));
            double[] panorama = same(count, LANDSCAPE);
            panorama[count / 2] = PANORAMA;
            collages.add(collage(count + " landscapes and a panorama", panorama));
            collages.add(collage(count + " of a phone's shapes", random(count, new Random(count), PHONE_SHAPES)));
        }
        return collages.stream();
    }

    /** Mosaics of few to the most members, in mixed shapes. */
    static Stream<Arguments> mosaics() {
        return IntStream.of(1, 2, 4, 9, 12, 13, 16, 20, 36).mapToObj(count -> {
            double[] aspects = random(count, new Random(count), PHONE_SHAPES);
            return Arguments.of("mosaic of " + count, aspects, CollageLayout.mosaic(aspects));
        });
    }

    static Stream<Arguments> layouts() {
        return Stream.concat(collages(), mosaics());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("layouts")
    void theCanvasIs2048WideNeitherTooLowNorTooHighWithACellPerMember(
            String name, double[] aspects, CollageLayout layout) {
        assertThat(layout.width()).isEqualTo(2048);
        assertThat(layout.height()).isBetween(CollageLayout.MIN_HEIGHT, CollageLayout.MAX_HEIGHT);
        assertThat(layout.cells()).hasSize(aspects.length);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("layouts")
    void cellsLieInsideTheCanvasAGutterApartAndCoverMostOfIt(String name, double[] aspects, CollageLayout layout) {
        long covered = 0;
        for (int i = 0; i < layout.cells().size(); i++) {
            Cell cell = layout.cells().get(i);
            assertThat(cell.width()).as("width of %s", cell).isPositive();
            assertThat(cell.height()).as("height of %s", cell).isPositive();
            assertThat(cell.x()).as("left of %s", cell).isGreaterThanOrEqualTo(GUTTER);
            assertThat(cell.y()).as("top of %s", cell).isGreaterThanOrEqualTo(GUTTER);
            assertThat(cell.right()).as("right of %s", cell).isLessThanOrEqualTo(layout.width() - GUTTER);
            assertThat(cell.bottom()).as("bottom of %s", cell).isLessThanOrEqualTo(layout.height() - GUTTER);
            for (Cell other : layout.cells().subList(i + 1, layout.cells().size())) {
                assertThat(apart(cell, other))
                        .as("%s and %s are a gutter apart", cell, other)
                        .isTrue();
            }
            covered += cell.area();
        }
        assertThat((double) covered / (layout.width() * layout.height())).isGreaterThan(0.9);
    }

    @Test
    void fourPortraitsAndFourLandscapesGetDifferentTemplates() {
        CollageLayout portraits = CollageLayout.collage(same(4, PORTRAIT));
        CollageLayout landscapes = CollageLayout.collage(same(4, LANDSCAPE));

        assertThat(portraits.template()).isNotEqualTo(landscapes.template());
        // Both keep the shots' shapes: the template takes them, not the other way round.
        assertThat(portraits.meanCropLoss(same(4, PORTRAIT))).isLessThan(0.01);
        assertThat(landscapes.meanCropLoss(same(4, LANDSCAPE))).isLessThan(0.01);
    }

    @Test
    void ninePortraitsAndNineLandscapesGetDifferentTemplates() {
        assertThat(CollageLayout.collage(same(9, PORTRAIT)).template())
                .isNotEqualTo(CollageLayout.collage(same(9, LANDSCAPE)).template());
    }

    @ParameterizedTest
    @ValueSource(ints = {4, 5, 6, 7, 8, 9})
    void theShapesChooseAmongTemplatesForEveryCount(int count) {
        Set<String> templates = new HashSet<>();
        for (int seed = 0; seed < 100; seed++) {
            templates.add(CollageLayout.collage(random(count, new Random(seed), LANDSCAPE, PORTRAIT))
                    .template());
        }

        assertThat(templates).hasSizeGreaterThan(1);
    }

    @ParameterizedTest
    @ValueSource(ints = {4, 5, 6, 7, 8, 9})
    void cellsKeepTheShapesOfTheirMembers(int count) {
        for (int seed = 0; seed < 200; seed++) {
            double[] common = random(count, new Random(seed), LANDSCAPE, PORTRAIT, SQUARE);
            double[] phone = random(count, new Random(seed), PHONE_SHAPES);

            assertThat(meanCropLoss(CollageLayout.collage(common), common))
                    .as(Arrays.toString(common))
                    .isLessThan(0.02);
            assertThat(meanCropLoss(CollageLayout.collage(phone), phone))
                    .as(Arrays.toString(phone))
                    .isLessThan(0.15);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {4, 5, 6, 7, 8, 9})
    void aHeroIsAtLeastTwiceAsLargeAsTheOthers(int count) {
        int heroes = 0;
        for (int seed = 0; seed < 200; seed++) {
            CollageLayout layout = CollageLayout.collage(random(count, new Random(seed), PHONE_SHAPES));
            if (layout.template().startsWith("hero")) {
                List<Cell> others = layout.cells().subList(1, count);
                double meanArea =
                        others.stream().mapToLong(Cell::area).average().orElseThrow();
                assertThat((double) layout.cells().get(0).area())
                        .as(layout.toString())
                        .isGreaterThanOrEqualTo(2 * meanArea);
                heroes++;
            }
        }
        assertThat(heroes).as("collages with a hero").isPositive();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("layouts")
    void theSameShapesGetTheSameLayout(String name, double[] aspects, CollageLayout layout) {
        double[] again = aspects.clone();
        CollageLayout second =
                layout.template().startsWith("mosaic") ? CollageLayout.mosaic(again) : CollageLayout.collage(again);

        assertThat(second).isEqualTo(layout);
    }

    @Test
    void aMosaicLaysItsMembersInRowsInTheirOrder() {
        double[] aspects = random(16, new Random(7), PHONE_SHAPES);
        CollageLayout mosaic = CollageLayout.mosaic(aspects);

        List<Cell> cells = mosaic.cells();
        int rows = 1;
        for (int i = 1; i < cells.size(); i++) {
            Cell before = cells.get(i - 1);
            Cell cell = cells.get(i);
            if (cell.y() == before.y()) {
                // The same row: one height, left to right.
                assertThat(cell.height()).isEqualTo(before.height());
                assertThat(cell.x()).isEqualTo(before.right() + GUTTER);
            } else {
                assertThat(cell.y()).isEqualTo(before.bottom() + GUTTER);
                assertThat(cell.x()).isEqualTo(GUTTER);
                rows++;
            }
        }
        assertThat(rows).isBetween(3, 6);
        assertThat(meanCropLoss(mosaic, aspects)).isLessThan(0.02);
    }

    @Test
    void aCollageHasFourToNineMembers() {
        assertThatThrownBy(() -> CollageLayout.collage(same(3, LANDSCAPE)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CollageLayout.collage(same(10, LANDSCAPE)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CollageLayout.mosaic()).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CollageLayout.mosaic(same(CollageLayout.MAX_MOSAIC + 1, LANDSCAPE)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anAspectRatioIsAPositiveNumber() {
        for (double wrong : new double[] {0, -1, Double.NaN, Double.POSITIVE_INFINITY}) {
            double[] aspects = same(4, LANDSCAPE);
            aspects[2] = wrong;

            assertThatThrownBy(() -> CollageLayout.collage(aspects)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    /**
     * The share of the members' pictures a cover-fit drawing cuts away, on average: for each member, 1 - (the
     * smaller over the larger of its and its cell's aspect ratios).
     */
    static double meanCropLoss(CollageLayout layout, double[] aspects) {
        double sum = 0;
        for (int i = 0; i < aspects.length; i++) {
            double ratio = layout.cells().get(i).aspect() / aspects[i];
            sum += 1 - Math.min(ratio, 1 / ratio);
        }
        return sum / aspects.length;
    }

    /** Whether the cells are at least a gutter apart across or down: then they neither overlap nor touch. */
    private static boolean apart(Cell a, Cell b) {
        return a.right() + GUTTER <= b.x()
                || b.right() + GUTTER <= a.x()
                || a.bottom() + GUTTER <= b.y()
                || b.bottom() + GUTTER <= a.y();
    }

    private static Arguments collage(String name, double[] aspects) {
        return Arguments.of(name, aspects, CollageLayout.collage(aspects));
    }

    static double[] same(int count, double aspect) {
        double[] aspects = new double[count];
        Arrays.fill(aspects, aspect);
        return aspects;
    }

    static double[] alternating(int count) {
        return IntStream.range(0, count)
                .mapToDouble(i -> i % 2 == 0 ? LANDSCAPE : PORTRAIT)
                .toArray();
    }

    static double[] random(int count, Random random, double... shapes) {
        return IntStream.range(0, count)
                .mapToDouble(i -> shapes[random.nextInt(shapes.length)])
                .toArray();
    }
}
