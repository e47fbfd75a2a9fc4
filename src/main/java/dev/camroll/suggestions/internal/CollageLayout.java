package dev.camroll.suggestions.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Where the shots of a collage or of a recap's mosaic go on a canvas {@value #WIDTH} px wide: one cell per member,
 * in the members' order, {@value #GUTTER} px apart and as far from the canvas's edges.
 * <p>
 * A template is a tree of rows (parts side by side) and columns (parts stacked) whose leaves are the members in
 * reading order, the first one the hero where a template has one. Laid out for the members' aspect ratios, every
 * part takes the share of its row or column that keeps each member's own shape, so the canvas's height follows from
 * its width and no member is cropped by more than a pixel's rounding (nor a panorama beyond {@value #MAX_ASPECT}:1);
 * only a height outside {@value #MIN_HEIGHT} to {@value #MAX_HEIGHT} px is clamped, and then the cells stretch and
 * their members get cropped. A collage tries every template for its count and keeps the cheapest (see
 * {@link #collage}); a mosaic breaks its members into rows of about equal height.
 *
 * @param template the name of the template, such as {@code grid-2x2}, {@code hero-left-3} or
 *     {@code mosaic-4-3-4}; for tests and logs
 * @param width the canvas's width, always {@value #WIDTH}
 * @param height the canvas's height, {@value #MIN_HEIGHT} to {@value #MAX_HEIGHT}
 * @param cells the cell of each member, member i's at index i
 */
record CollageLayout(String template, int width, int height, List<Cell> cells) {

    /** The width of every canvas: what the app shows at full width on the largest screens. */
    static final int WIDTH = 2048;

    /** The space between cells and between the cells and the canvas's edges. */
    static final int GUTTER = 8;

    /** The lowest canvas: 2:1. */
    static final int MIN_HEIGHT = 1024;

    /** The highest canvas: 3:4. */
    static final int MAX_HEIGHT = 2730;

    /** The fewest members of a collage: fewer shots make no collage. */
    static final int MIN_COLLAGE = 4;

    /** The most members of a collage. */
    static final int MAX_COLLAGE = 9;

    /** The most members of a mosaic: more would make cells too small to tell apart. */
    static final int MAX_MOSAIC = 36;

    /**
     * The widest (and, inverted, the tallest) aspect ratio a member is laid out with: a longer panorama is cropped
     * to it rather than given a sliver of a cell.
     */
    static final double MAX_ASPECT = 4;

    /** The heights a collage's canvas looks best at, from 4:3 to square; others cost (see {@link #collage}). */
    private static final double PREFERRED_MIN_HEIGHT = 1536;

    private static final double PREFERRED_MAX_HEIGHT = 2048;

    /** The height a mosaic's rows aim to add up to: a square. */
    private static final double MOSAIC_HEIGHT = 2048;

    /** A cell's shorter side under which it costs: its shot would be hard to make out on a phone. */
    private static final double SMALL_SIDE = 320;

    /** The least a hero's area is against the mean of the others': a hero template that gets less is not used. */
    private static final double HERO_RATIO = 2;

    private static final List<Template> TEMPLATES = List.of(
            new Template("grid-2x2", rows(2, 2), false, 0),
            new Template("columns-2x2", columns(2, 2), false, 0),
            new Template("hero-left-3", row(shot(), column(3)), true, 0.05),
            new Template("hero-top-3", column(shot(), row(3)), true, 0.05),
            new Template("rows-2-3", rows(2, 3), false, 0),
            new Template("columns-2-3", columns(2, 3), false, 0),
            new Template("hero-left-2x2", row(shot(), rows(2, 2)), true, 0.05),
            new Template("hero-top-4", column(shot(), row(4)), true, 0.05),
            new Template("grid-3x2", rows(3, 3), false, 0),
            new Template("grid-2x3", rows(2, 2, 2), false, 0),
            new Template("columns-2-2-2", columns(2, 2, 2), false, 0),
            new Template("hero-2-3", column(row(shot(), column(2)), row(3)), true, 0.05),
            new Template("rows-2-2-3", rows(2, 2, 3), false, 0),
            new Template("columns-2-3-2", columns(2, 3, 2), false, 0),
            new Template("hero-2-4", column(row(shot(), column(2)), row(4)), true, 0.05),
            new Template("hero-top-3-3", column(shot(), row(3), row(3)), true, 0.05),
            new Template("hero-left-2x3", row(shot(), rows(2, 2, 2)), true, 0.05),
            new Template("rows-3-2-3", rows(3, 2, 3), false, 0),
            new Template("grid-4x2", rows(4, 4), false, 0),
            new Template("columns-2-2-2-2", columns(2, 2, 2, 2), false, 0),
            new Template("hero-2-3-2", column(row(shot(), column(2)), row(3), row(2)), true, 0.05),
            new Template("hero-top-3-4", column(shot(), row(3), row(4)), true, 0.05),
            new Template("grid-3x3", rows(3, 3, 3), false, 0),
            new Template("columns-3x3", columns(3, 3, 3), false, 0),
            new Template("hero-2-3-3", column(row(shot(), column(2)), row(3), row(3)), true, 0.05),
            new Template("hero-left-2x4", row(shot(), rows(2, 2, 2, 2)), true, 0.05));

    CollageLayout {
        cells = List.copyOf(cells);
    }

    /**
     * A cell of the canvas, in pixels.
     *
     * @param x the left column
     * @param y the top row
     * @param width the width, at least 1
     * @param height the height, at least 1
     */
    record Cell(int x, int y, int width, int height) {

        /** The first column right of the cell. */
        int right() {
            return x + width;
        }

        /** The first row below the cell. */
        int bottom() {
            return y + height;
        }

        /** Width over height. */
        double aspect() {
            return (double) width / height;
        }

        /** The number of pixels. */
        long area() {
            return (long) width * height;
        }
    }

    /**
     * The collage of 4 to 9 members with these aspect ratios (width over height, in the members' order): of the
     * templates for their count, the one that costs least, laid out for them. A layout's cost adds twice the members'
     * mean {@linkplain #cropLoss crop loss} (a cut-off face hurts most), how far the canvas's height strays from 4:3
     * to square, how unequal the cells of the same rank are (a hero's apart), cells too small to see, and a little for
     * a hero template, so that of layouts equally good the even grid wins; a hero template whose first cell is not at
     * least twice the others' mean is out. The first template in the list wins a tie, so the same aspect ratios always
     * give the same layout.
     *
     * @throws IllegalArgumentException for fewer than 4 or more than 9 members, or an aspect ratio that is not a
     *     positive number
     */
    static CollageLayout collage(double... aspects) {
        if (aspects.length < MIN_COLLAGE || aspects.length > MAX_COLLAGE) {
            throw new IllegalArgumentException(
                    "a collage has " + MIN_COLLAGE + " to " + MAX_COLLAGE + " members, not " + aspects.length);
        }
        double[] shapes = shapes(aspects);
        CollageLayout best = null;
        double bestCost = Double.POSITIVE_INFINITY;
        for (Template template : TEMPLATES) {
            if (template.shots() != shapes.length) {
                continue;
            }
            CollageLayout layout = lay(template.name(), template.part(), shapes);
            double cost = cost(template, layout, shapes);
            if (cost < bestCost) {
                best = layout;
                bestCost = cost;
            }
        }
        return best;
    }

    /**
     * The mosaic of 1 to {@value #MAX_MOSAIC} members with these aspect ratios, for a recap: the members in their
     * order, broken into rows as even in height as can be (each row as high as keeps its members' shapes across the
     * canvas), the rows' height chosen so that they add up to about a square canvas.
     *
     * @throws IllegalArgumentException for no members or more than {@value #MAX_MOSAIC}, or an aspect ratio that is
     *     not a positive number
     */
    static CollageLayout mosaic(double... aspects) {
        if (aspects.length < 1 || aspects.length > MAX_MOSAIC) {
            throw new IllegalArgumentException("a mosaic has 1 to " + MAX_MOSAIC + " members, not " + aspects.length);
        }
        double[] shapes = shapes(aspects);
        int count = shapes.length;
        double inner = WIDTH - 2 * GUTTER;
        // Rows all as high as this would fill about a square: rows x height = height^2 x (sum of aspects) / width.
        double target = Math.sqrt(MOSAIC_HEIGHT * inner / Arrays.stream(shapes).sum());
        // The classic linear partition by dynamic programming: cost[i] is the least cost of the first i members in
        // rows, a row costing the squared log of its height against the target (twice or half as high cost alike).
        double[] cost = new double[count + 1];
        int[] rowStart = new int[count + 1];
        Arrays.fill(cost, Double.POSITIVE_INFINITY);
        cost[0] = 0;
        for (int end = 1; end <= count; end++) {
            double aspectSum = 0;
            for (int start = end - 1; start >= 0; start--) {
                aspectSum += shapes[start];
                double height = (inner - (end - start - 1) * GUTTER) / aspectSum;
                if (height <= 0) {
                    break;
                }
                double rowCost = cost[start] + Math.pow(Math.log(height / target), 2);
                if (rowCost < cost[end]) {
                    cost[end] = rowCost;
                    rowStart[end] = start;
                }
            }
        }
        List<Integer> counts = new ArrayList<>();
        for (int end = count; end > 0; end = rowStart[end]) {
            counts.add(0, end - rowStart[end]);
        }
        int[] perRow = counts.stream().mapToInt(Integer::intValue).toArray();
        StringBuilder name = new StringBuilder("mosaic");
        for (int shots : perRow) {
            name.append('-').append(shots);
        }
        return lay(name.toString(), rows(perRow), shapes);
    }

    /**
     * The share of a member's picture that drawing it "cover"-fit into the cell cuts away: 0 when the shapes
     * match, 0.25 for a 4:3 shot in a square cell, 0.58 for 4:3 in 9:16.
     */
    static double cropLoss(double aspect, Cell cell) {
        double ratio = cell.aspect() / aspect;
        return 1 - Math.min(ratio, 1 / ratio);
    }

    /** The members' mean {@linkplain #cropLoss crop loss} in this layout, for the members' aspect ratios. */
    double meanCropLoss(double... aspects) {
        double sum = 0;
        for (int i = 0; i < aspects.length; i++) {
            sum += cropLoss(aspects[i], cells.get(i));
        }
        return sum / aspects.length;
    }

    /** The aspect ratios checked and limited to {@value #MAX_ASPECT}:1 and 1:{@value #MAX_ASPECT}. */
    private static double[] shapes(double[] aspects) {
        double[] shapes = new double[aspects.length];
        for (int i = 0; i < aspects.length; i++) {
            if (!(aspects[i] > 0) || Double.isInfinite(aspects[i])) {
                throw new IllegalArgumentException("member " + i + " has aspect ratio " + aspects[i]);
            }
            shapes[i] = Math.max(1 / MAX_ASPECT, Math.min(MAX_ASPECT, aspects[i]));
        }
        return shapes;
    }

    /** The template laid out for members of these shapes, on a canvas as high as they need within the limits. */
    private static CollageLayout lay(String name, Part template, double[] shapes) {
        Sized root = size(template, shapes, new int[1]);
        int inner = WIDTH - 2 * GUTTER;
        double natural = (inner - root.offset()) / root.slope() + 2 * GUTTER;
        int height = (int) Math.round(Math.max(MIN_HEIGHT, Math.min(MAX_HEIGHT, natural)));
        Cell[] cells = new Cell[shapes.length];
        place(root, GUTTER, GUTTER, inner, height - 2 * GUTTER, cells);
        return new CollageLayout(name, WIDTH, height, Arrays.asList(cells));
    }

    /** The cost of a template's layout; the lower the better (see {@link #collage}). */
    private static double cost(Template template, CollageLayout layout, double[] shapes) {
        double crop = layout.meanCropLoss(shapes);
        double clamped = Math.max(PREFERRED_MIN_HEIGHT, Math.min(PREFERRED_MAX_HEIGHT, layout.height()));
        double shape = 0.5 * Math.abs(Math.log(layout.height() / clamped));
        List<Cell> peers = template.hero() ? layout.cells().subList(1, shapes.length) : layout.cells();
        long smallest = Long.MAX_VALUE;
        long largest = 0;
        double areaSum = 0;
        int shortest = Integer.MAX_VALUE;
        for (Cell cell : peers) {
            smallest = Math.min(smallest, cell.area());
            largest = Math.max(largest, cell.area());
            areaSum += cell.area();
        }
        for (Cell cell : layout.cells()) {
            shortest = Math.min(shortest, Math.min(cell.width(), cell.height()));
        }
        if (template.hero() && layout.cells().get(0).area() < HERO_RATIO * areaSum / peers.size()) {
            // Not much of a hero: every count has templates without one, so this one is never needed.
            return Double.POSITIVE_INFINITY;
        }
        double spread = 0.1 * Math.log((double) largest / smallest);
        double small = Math.max(0, Math.log(SMALL_SIDE / shortest));
        return 2 * crop + shape + spread + small + template.prior();
    }

    /** A template's part sized for its members, numbered from {@code next[0]} on in reading order. */
    private static Sized size(Part part, double[] shapes, int[] next) {
        if (part.parts().isEmpty()) {
            int member = next[0]++;
            return new Sized(false, List.of(), member, shapes[member], 0);
        }
        List<Sized> parts = new ArrayList<>();
        for (Part inside : part.parts()) {
            parts.add(size(inside, shapes, next));
        }
        int gutters = (parts.size() - 1) * GUTTER;
        if (part.across()) {
            // Side by side at one height: the widths add up, and so do the gutters.
            double slope = 0;
            double offset = gutters;
            for (Sized inside : parts) {
                slope += inside.slope();
                offset += inside.offset();
            }
            return new Sized(true, parts, -1, slope, offset);
        }
        // Stacked at one width w: each part is (w - offset) / slope high, and the heights and gutters add up to h.
        double inverseSlope = 0;
        double shift = 0;
        for (Sized inside : parts) {
            inverseSlope += 1 / inside.slope();
            shift += inside.offset() / inside.slope();
        }
        double slope = 1 / inverseSlope;
        return new Sized(false, parts, -1, slope, slope * (shift - gutters));
    }

    /**
     * Places a sized part in the box and its members' cells in {@code cells}: the parts of a row share its width, of
     * a column its height, each in proportion to what it needs at the box's other side, so that they keep their
     * shapes when the box has its natural size and stretch evenly when not.
     */
    private static void place(Sized part, int x, int y, int width, int height, Cell[] cells) {
        if (part.parts().isEmpty()) {
            cells[part.member()] = new Cell(x, y, width, height);
            return;
        }
        int count = part.parts().size();
        int length = (part.across() ? width : height) - (count - 1) * GUTTER;
        double[] needs = new double[count];
        double total = 0;
        for (int i = 0; i < count; i++) {
            Sized inside = part.parts().get(i);
            double need = part.across()
                    ? inside.slope() * height + inside.offset()
                    : (width - inside.offset()) / inside.slope();
            // Only a box far off its natural size makes a need negative; a pixel keeps every cell on the canvas.
            needs[i] = Math.max(1, need);
            total += needs[i];
        }
        // Boundaries rounded from running sums: the parts fill the length exactly, the gutters stay exact.
        double sum = 0;
        int start = 0;
        for (int i = 0; i < count; i++) {
            sum += needs[i];
            int end = i == count - 1 ? length : (int) Math.round(sum / total * length);
            end = Math.max(end, start + 1);
            int offset = start + i * GUTTER;
            if (part.across()) {
                place(part.parts().get(i), x + offset, y, end - start, height, cells);
            } else {
                place(part.parts().get(i), x, y + offset, width, end - start, cells);
            }
            start = end;
        }
    }

    private static Part shot() {
        return new Part(false, List.of());
    }

    private static Part row(Part... parts) {
        return new Part(true, List.of(parts));
    }

    private static Part column(Part... parts) {
        return new Part(false, List.of(parts));
    }

    /** A row of {@code count} shots. */
    private static Part row(int count) {
        Part[] shots = new Part[count];
        Arrays.fill(shots, shot());
        return row(shots);
    }

    /** A column of {@code count} shots. */
    private static Part column(int count) {
        Part[] shots = new Part[count];
        Arrays.fill(shots, shot());
        return column(shots);
    }

    /** Rows of these numbers of shots, stacked. */
    private static Part rows(int... counts) {
        return column(Arrays.stream(counts).mapToObj(CollageLayout::row).toArray(Part[]::new));
    }

    /** Columns of these numbers of shots, side by side: a masonry of mixed shapes. */
    private static Part columns(int... counts) {
        return row(Arrays.stream(counts).mapToObj(CollageLayout::column).toArray(Part[]::new));
    }

    /**
     * A template: its name, its tree of parts, whether its first shot is a hero, shown larger than the rest, and
     * what it costs beyond its layout's cost.
     */
    private record Template(String name, Part part, boolean hero, double prior) {

        /** The number of members it lays out. */
        int shots() {
            return part.shots();
        }
    }

    /**
     * A part of a template: one shot when it has no parts, else its parts side by side ({@code across}, a row) or
     * stacked (a column).
     */
    private record Part(boolean across, List<Part> parts) {

        int shots() {
            return parts.isEmpty() ? 1 : parts.stream().mapToInt(Part::shots).sum();
        }
    }

    /**
     * A part laid out for its members: at any height h it is {@code slope * h + offset} wide when its members keep
     * their shapes (a shot's slope is its aspect ratio; the gutters make the offset).
     *
     * @param member the member of a shot, -1 for a row or column
     */
    private record Sized(boolean across, List<Sized> parts, int member, double slope, double offset) {}
}
