package dev.camroll.benchmark;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import javax.imageio.ImageIO;

import dev.camroll.media.BenchmarkPhotos;
import dev.camroll.suggestions.internal.BareSuggestions;

/**
 * The suggestions benchmark's rendering, in a JVM of its own started like the service (same {@code -Xmx} and JVM
 * options, so the canvases meet the same heap): collages and mosaics drawn by the service's own
 * {@code CollageRenderer} ({@link BareSuggestions}) from previews as the analysis makes them, 1280 px JPEGs at
 * quality 0.85 of busy, photo-like pictures. One render at a time, as one {@code render-suggestion} job does it.
 * Started by {@link SuggestionBenchmark}; it prints one machine-readable line per kind of render.
 *
 * <p>Kinds, taken in turn so that a passing load weighs on all alike:
 * <ul>
 * <li>{@code collage}: 9 decoded 1280 x 960 previews laid out, drawn and encoded as JPEG (the target's figure);</li>
 * <li>{@code collage+decode}: the same, decoding the 9 preview JPEGs first, as the job reads them from the store;</li>
 * <li>{@code mosaic}: a recap's mosaic of 16 decoded previews, 12 of 1280 x 960 and 4 of 960 x 1280;</li>
 * <li>{@code mosaic+decode}: the same, decoding the 16 JPEGs first.</li>
 * </ul>
 * Arguments: untimed renders of each kind, then timed ones.
 */
public final class RenderLoop {

    /** The prefix of each result line. */
    static final String RESULT = "render-result";

    /** The analysis's preview quality ({@code camroll.media.jpeg-quality}). */
    private static final float PREVIEW_QUALITY = 0.85f;

    private RenderLoop() {}

    public static void main(String[] args) throws Exception {
        System.setProperty("java.awt.headless", "true");
        int warmups = Integer.parseInt(args[0]);
        int renders = Integer.parseInt(args[1]);
        List<byte[]> landscapes = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            landscapes.add(BenchmarkPhotos.jpeg(BenchmarkPhotos.picture(1280, 960, 700 + i), PREVIEW_QUALITY));
        }
        List<byte[]> portraits = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            portraits.add(BenchmarkPhotos.jpeg(BenchmarkPhotos.picture(960, 1280, 800 + i), PREVIEW_QUALITY));
        }
        List<byte[]> collageJpegs = landscapes.subList(0, 9);
        // A portrait every fourth place, as a phone's roll mixes them.
        List<byte[]> mosaicJpegs = new ArrayList<>();
        for (int i = 0, l = 0, p = 0; i < 16; i++) {
            mosaicJpegs.add(i % 4 == 3 ? portraits.get(p++) : landscapes.get(l++));
        }
        List<BufferedImage> collageMembers = decode(collageJpegs);
        List<BufferedImage> mosaicMembers = decode(mosaicJpegs);
        BareSuggestions bare = new BareSuggestions();
        Map<String, Supplier<BareSuggestions.Rendered>> kinds = new LinkedHashMap<>();
        kinds.put("collage", () -> bare.collage(collageMembers));
        kinds.put("collage+decode", () -> bare.collage(decode(collageJpegs)));
        kinds.put("mosaic", () -> bare.mosaic(mosaicMembers));
        kinds.put("mosaic+decode", () -> bare.mosaic(decode(mosaicJpegs)));
        for (int i = 0; i < warmups; i++) {
            kinds.values().forEach(Supplier::get);
        }
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        Map<String, long[]> wall = new LinkedHashMap<>();
        Map<String, long[]> cpu = new LinkedHashMap<>();
        Map<String, BareSuggestions.Rendered> last = new LinkedHashMap<>();
        kinds.keySet().forEach(kind -> {
            wall.put(kind, new long[renders]);
            cpu.put(kind, new long[renders]);
        });
        CpuAccount before = CpuAccount.now();
        long gcBefore = gcMillis();
        for (int i = 0; i < renders; i++) {
            for (Map.Entry<String, Supplier<BareSuggestions.Rendered>> kind : kinds.entrySet()) {
                long cpuStart = threads.getCurrentThreadCpuTime();
                long start = System.nanoTime();
                BareSuggestions.Rendered rendered = kind.getValue().get();
                wall.get(kind.getKey())[i] = System.nanoTime() - start;
                cpu.get(kind.getKey())[i] = threads.getCurrentThreadCpuTime() - cpuStart;
                last.put(kind.getKey(), rendered);
            }
        }
        long gc = gcMillis() - gcBefore;
        CpuAccount after = CpuAccount.now();
        for (String kind : kinds.keySet()) {
            BareSuggestions.Rendered rendered = last.get(kind);
            System.out.printf(
                    Locale.ROOT,
                    "%s kind=%s template=%s width=%d height=%d bytes=%d nanos=%s cpuNanos=%s "
                            + "gcMillis=%d others=%.3f%n",
                    RESULT,
                    kind,
                    rendered.template(),
                    rendered.width(),
                    rendered.height(),
                    rendered.jpeg().length,
                    join(wall.get(kind)),
                    join(cpu.get(kind)),
                    gc,
                    after.othersSince(before));
        }
    }

    /** The previews decoded as the render job decodes them from the store ({@code ImageIO.read}). */
    private static List<BufferedImage> decode(List<byte[]> jpegs) {
        List<BufferedImage> images = new ArrayList<>();
        for (byte[] jpeg : jpegs) {
            try {
                images.add(ImageIO.read(new ByteArrayInputStream(jpeg)));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return images;
    }

    /** The collectors' time so far, pauses and concurrent work as the JVM counts them. */
    private static long gcMillis() {
        return ManagementFactory.getGarbageCollectorMXBeans().stream()
                .mapToLong(GarbageCollectorMXBean::getCollectionTime)
                .sum();
    }

    private static String join(long[] values) {
        return Arrays.stream(values).mapToObj(String::valueOf).collect(Collectors.joining(","));
    }
}
