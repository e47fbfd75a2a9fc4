package dev.camroll.media.internal;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import dev.camroll.media.MediaSamples;

import static dev.camroll.media.MediaSamples.ascii;
import static dev.camroll.media.MediaSamples.box;
import static dev.camroll.media.MediaSamples.concat;
import static dev.camroll.media.MediaSamples.u32;

/**
 * The hostile-input corpus, made by the tests: decompression and pixel bombs for PNG, JPEG, GIF, WebP and HEIC, lying
 * lengths in metadata (QuickTime atoms, extended XMP, PNG text chunks), truncated and polyglot files, and the good
 * photos they are uploaded among. Each file names the outcome the service must give it.
 */
public final class HostileFiles {

    /** What must become of a file: {@code processed}, failed with an analysis problem, or refused at upload. */
    public enum Outcome {
        PROCESSED(null),
        IMAGE_TOO_LARGE("image-too-large"),
        UNDECODABLE("undecodable"),
        DECODE_TIMEOUT("decode-timeout"),
        REFUSED_AT_UPLOAD("unsupported-media-type");

        private final String slug;

        Outcome(String slug) {
            this.slug = slug;
        }

        /** The problem's slug, null for a processed file. */
        public String slug() {
            return slug;
        }

        /** The fixed sentence a failed media's problem shows (never the decoder's words). */
        public String sentence() {
            return AnalysisProblem.ofSlug(slug).map(AnalysisProblem::sentence).orElse(null);
        }
    }

    /** One file of the corpus, with how it is announced and what must become of it. */
    public record Sample(String name, byte[] content, String mimeType, String kind, Outcome expected) {

        @Override
        public String toString() {
            return name;
        }
    }

    private HostileFiles() {}

    /** The good photos: JPEGs as a camera app writes them (ImageIO), different for every seed. */
    public static List<Sample> goodPhotos(int count) {
        List<Sample> good = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            good.add(photo(
                    "good-photo-" + (i + 1) + ".jpg",
                    MediaSamples.jpeg(MediaSamples.photo(2000, 1500, 700 + i)),
                    Outcome.PROCESSED));
        }
        return good;
    }

    /** The hostile files, and a few odd but good ones that must still be processed; {@code work} for heif-enc. */
    public static List<Sample> hostile(Path work) throws Exception {
        byte[] jpeg = MediaSamples.jpeg(MediaSamples.photo(800, 600, 42));
        byte[] png = MediaSamples.png(MediaSamples.photo(400, 300, 43));
        byte[] heic = Files.readAllBytes(
                MediaSamples.heic(work, MediaSamples.jpeg(MediaSamples.photo(640, 480, 44)), "good.heic"));
        List<Sample> samples = new ArrayList<>();
        // PNG
        samples.add(photo("png-pixel-bomb.png", MediaSamples.pngClaiming(50_000, 50_000), Outcome.IMAGE_TOO_LARGE));
        samples.add(photo("png-100000000x1.png", MediaSamples.pngClaiming(100_000_000, 1), Outcome.IMAGE_TOO_LARGE));
        samples.add(
                photo("png-decompression-bomb-20000x20000.png", zeroPng(20_000, 20_000, 1), Outcome.IMAGE_TOO_LARGE));
        samples.add(photo(
                "png-ztxt-bomb.png",
                withChunk(png, "zTXt", concat(ascii("Comment\0"), new byte[] {0}, deflatedZeros(20 << 20))),
                Outcome.IMAGE_TOO_LARGE));
        samples.add(photo(
                "png-itxt-bomb.png",
                withChunk(
                        png,
                        "iTXt",
                        concat(
                                ascii("XML:com.adobe.xmp\0"),
                                new byte[] {1, 0},
                                ascii("\0\0"),
                                deflatedZeros(20 << 20))),
                Outcome.IMAGE_TOO_LARGE));
        samples.add(photo("png-chunk-claims-2GB.png", withLyingChunk(png, "tEXt", 0x7fff0000), Outcome.UNDECODABLE));
        samples.add(photo("png-truncated.png", MediaSamples.truncated(png, 0.6), Outcome.UNDECODABLE));
        samples.add(photo("png-zeros-8000x8000-within-limits.png", zeroPng(8_000, 8_000, 8), Outcome.PROCESSED));
        // JPEG
        samples.add(
                photo("jpeg-pixel-bomb-65000x65000.jpg", jpegClaiming(jpeg, 65_000, 65_000), Outcome.IMAGE_TOO_LARGE));
        samples.add(photo("jpeg-extended-xmp-claims-2GB.jpg", withExtendedXmp(jpeg, 0x7fffffffL), Outcome.UNDECODABLE));
        samples.add(photo("jpeg-segment-claims-past-end.jpg", withLyingSegment(jpeg), Outcome.UNDECODABLE));
        samples.add(photo("jpeg-truncated-half.jpg", MediaSamples.truncated(jpeg, 0.5), Outcome.UNDECODABLE));
        samples.add(photo("jpeg-truncated-in-header.jpg", Arrays.copyOf(jpeg, 120), Outcome.UNDECODABLE));
        samples.add(photo("jpeg-with-zip-appended.jpg", concat(jpeg, zip()), Outcome.PROCESSED));
        // GIF
        samples.add(new Sample(
                "gif-pixel-bomb-65535x65535.gif",
                gifClaiming(65_535, 65_535),
                "image/gif",
                "photo",
                Outcome.IMAGE_TOO_LARGE));
        samples.add(new Sample(
                "gif-script-polyglot.gif",
                ascii("GIF89a/*\0\0\0\0\0*/=1;alert(document.cookie);//"),
                "image/gif",
                "photo",
                Outcome.UNDECODABLE));
        // WebP
        samples.add(new Sample(
                "webp-pixel-bomb-16384x16384.webp",
                webpClaiming(16_384, 16_384),
                "image/webp",
                "photo",
                Outcome.IMAGE_TOO_LARGE));
        samples.add(new Sample(
                "webp-exif-chunk-claims-2GB.webp", webpWithLyingExif(), "image/webp", "photo", Outcome.UNDECODABLE));
        // HEIC
        samples.add(
                heic("heic-grid-pixel-bomb-60000x60000.heic", heif(60_000, 60_000, false, 8), Outcome.IMAGE_TOO_LARGE));
        samples.add(heic(
                "heic-grid-meta-last-100000x100000.heic", heif(100_000, 100_000, true, 8), Outcome.IMAGE_TOO_LARGE));
        samples.add(heic("heic-grid-meta-last-without-ispe.heic", heif(0, 0, true, 8), Outcome.UNDECODABLE));
        samples.add(heic("heic-item-extent-claims-2GB.heic", heif(512, 512, false, 0x7fffffffL), Outcome.UNDECODABLE));
        samples.add(heic("heic-truncated.heic", MediaSamples.truncated(heic, 0.7), Outcome.UNDECODABLE));
        samples.add(heic("good.heic", heic, Outcome.PROCESSED));
        // Videos: metadata bombs in QuickTime / ISO-BMFF boxes
        samples.add(new Sample(
                "quicktime-64-bytes-ftyp-claims-2GB.mov",
                quickTimeClaiming(),
                "video/quicktime",
                "video",
                Outcome.UNDECODABLE));
        samples.add(new Sample(
                "mp4-trak-larger-than-moov.mp4", mp4WithLyingTrak(), "video/mp4", "video", Outcome.UNDECODABLE));
        samples.add(new Sample(
                "mov-metadata-key-claims-200MB.mov",
                movWithLyingKey(),
                "video/quicktime",
                "video",
                Outcome.UNDECODABLE));
        // Polyglots and disguises
        samples.add(photo(
                "html-announced-as-jpeg.jpg",
                ascii("<!DOCTYPE html><html><script>alert(1)</script></html>"),
                Outcome.REFUSED_AT_UPLOAD));
        return samples;
    }

    /** The marker of {@link #hanging}: a decoder that finds it hangs, as one stuck on a hostile file would. */
    public static final String HANG_MARKER = "CAMROLL-HANG-MARKER";

    /**
     * A valid HEIC with a {@code free} box holding {@link #HANG_MARKER} after its data, for a {@code heif-convert}
     * stand-in that hangs on it: the decode must time out once, for good, and the tool be killed.
     */
    public static Sample hanging(Path work) throws Exception {
        byte[] heic = Files.readAllBytes(
                MediaSamples.heic(work, MediaSamples.jpeg(MediaSamples.photo(320, 240, 45)), "hanging.heic"));
        return heic("heic-decoder-hangs.heic", concat(heic, box("free", ascii(HANG_MARKER))), Outcome.DECODE_TIMEOUT);
    }

    private static Sample photo(String name, byte[] content, Outcome expected) {
        String type = name.endsWith(".png") ? "image/png" : "image/jpeg";
        return new Sample(name, content, type, "photo", expected);
    }

    private static Sample heic(String name, byte[] content, Outcome expected) {
        return new Sample(name, content, "image/heic", "photo", expected);
    }

    /** A real PNG of zeros (greyscale, {@code bitDepth} bits): megabytes of pixels from kilobytes of zlib. */
    static byte[] zeroPng(int width, int height, int bitDepth) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
        chunk(
                out,
                "IHDR",
                ByteBuffer.allocate(13)
                        .putInt(width)
                        .putInt(height)
                        .put((byte) bitDepth)
                        .put((byte) 0)
                        .put((byte) 0)
                        .put((byte) 0)
                        .put((byte) 0)
                        .array());
        long rowBytes = 1 + ((long) width * bitDepth + 7) / 8; // filter byte, then the row
        chunk(out, "IDAT", deflatedZeros(rowBytes * height));
        chunk(out, "IEND", new byte[0]);
        return out.toByteArray();
    }

    static byte[] deflatedZeros(long count) {
        Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] zeros = new byte[1 << 20];
        byte[] buffer = new byte[1 << 16];
        long left = count;
        while (left > 0) {
            int n = (int) Math.min(zeros.length, left);
            deflater.setInput(zeros, 0, n);
            left -= n;
            while (!deflater.needsInput()) {
                out.write(buffer, 0, deflater.deflate(buffer));
            }
        }
        deflater.finish();
        while (!deflater.finished()) {
            out.write(buffer, 0, deflater.deflate(buffer));
        }
        deflater.end();
        return out.toByteArray();
    }

    /** The PNG with a chunk added right after IHDR (8 + 25 bytes). */
    static byte[] withChunk(byte[] png, String type, byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(png, 0, 33);
        chunk(out, type, data);
        out.write(png, 33, png.length - 33);
        return out.toByteArray();
    }

    /** The PNG with a chunk after IHDR whose length claims {@code claimed} bytes; a few are there. */
    static byte[] withLyingChunk(byte[] png, String type, long claimed) {
        return concat(
                Arrays.copyOf(png, 33),
                u32(claimed),
                ascii(type),
                ascii("Comment\0hello"),
                Arrays.copyOfRange(png, 33, png.length));
    }

    private static void chunk(ByteArrayOutputStream out, String type, byte[] data) {
        byte[] typeBytes = ascii(type);
        CRC32 crc = new CRC32();
        crc.update(typeBytes);
        crc.update(data);
        out.writeBytes(u32(data.length));
        out.writeBytes(typeBytes);
        out.writeBytes(data);
        out.writeBytes(u32(crc.getValue()));
    }

    /** The JPEG with its frame header (SOF0) claiming {@code width x height}. */
    static byte[] jpegClaiming(byte[] jpeg, int width, int height) {
        byte[] copy = jpeg.clone();
        for (int i = 2; i + 9 < copy.length; i++) {
            if ((copy[i] & 0xff) == 0xff && (copy[i + 1] & 0xff) == 0xc0) {
                ByteBuffer.wrap(copy, i + 5, 4).putShort((short) height).putShort((short) width);
                return copy;
            }
        }
        throw new IllegalStateException("no SOF0 in the JPEG");
    }

    /** The JPEG with an APP1 extended-XMP chunk (right after SOI) whose full length claims {@code fullLength} bytes. */
    static byte[] withExtendedXmp(byte[] jpeg, long fullLength) {
        byte[] content = concat(
                ascii("http://ns.adobe.com/xmp/extension/\0"),
                ascii("0123456789ABCDEF0123456789ABCDEF"),
                u32(fullLength),
                u32(0),
                ascii("<x:xmpmeta xmlns:x='adobe:ns:meta/'/>"));
        return concat(
                Arrays.copyOf(jpeg, 2),
                new byte[] {(byte) 0xff, (byte) 0xe1},
                ByteBuffer.allocate(2).putShort((short) (content.length + 2)).array(),
                content,
                Arrays.copyOfRange(jpeg, 2, jpeg.length));
    }

    /** A JPEG whose first segment after SOI (an APP2) claims 65,000 bytes of a file that ends a few bytes later. */
    static byte[] withLyingSegment(byte[] jpeg) {
        return concat(
                Arrays.copyOf(jpeg, 2),
                new byte[] {(byte) 0xff, (byte) 0xe2, (byte) 0xfd, (byte) 0xe8},
                ascii("ICC_PROFILE\0"),
                new byte[16]);
    }

    /** A GIF whose screen and only image claim {@code width x height}, with a few bytes of LZW data. */
    static byte[] gifClaiming(int width, int height) {
        ByteBuffer gif = ByteBuffer.allocate(64).order(ByteOrder.LITTLE_ENDIAN);
        gif.put(ascii("GIF89a"))
                .putShort((short) width)
                .putShort((short) height)
                .put((byte) 0x80)
                .put((byte) 0)
                .put((byte) 0);
        gif.put(new byte[] {0, 0, 0, (byte) 0xff, (byte) 0xff, (byte) 0xff}); // two-colour global table
        gif.put((byte) 0x2c)
                .putShort((short) 0)
                .putShort((short) 0)
                .putShort((short) width)
                .putShort((short) height)
                .put((byte) 0);
        gif.put(new byte[] {2, 2, 0x4c, 0x01, 0, 0x3b}); // LZW minimum code size, one sub-block, end, trailer
        return Arrays.copyOf(gif.array(), gif.position());
    }

    /** A lossless WebP (VP8L) whose header claims {@code width x height}, followed by a little noise. */
    static byte[] webpClaiming(int width, int height) {
        int bits = (width - 1) | ((height - 1) << 14);
        byte[] vp8l = concat(
                new byte[] {0x2f},
                ByteBuffer.allocate(4)
                        .order(ByteOrder.LITTLE_ENDIAN)
                        .putInt(bits)
                        .array(),
                new byte[] {0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77});
        return riff(concat(ascii("VP8L"), le32(vp8l.length), vp8l));
    }

    /** A WebP with a VP8X header and an EXIF chunk claiming 2 GB, of which 16 bytes are there. */
    static byte[] webpWithLyingExif() {
        byte[] vp8x = concat(new byte[] {0x08, 0, 0, 0}, new byte[] {95, 0, 0, 63, 0, 0}); // EXIF flag, 96 x 64
        return riff(concat(ascii("VP8X"), le32(vp8x.length), vp8x, ascii("EXIF"), le32(0x7ffffff0), new byte[16]));
    }

    private static byte[] riff(byte[] chunks) {
        return concat(ascii("RIFF"), le32(4 + chunks.length), ascii("WEBP"), chunks);
    }

    private static byte[] le32(int value) {
        return ByteBuffer.allocate(4)
                .order(ByteOrder.LITTLE_ENDIAN)
                .putInt(value)
                .array();
    }

    /**
     * A HEIF whose primary item is a grid of {@code width x height} (no {@code ispe} when both are 0), built box by box
     * (ISO/IEC 23008-12); its {@code meta} comes after the {@code mdat} when {@code metaLast}. The one item extent
     * claims {@code extentLength} bytes.
     */
    static byte[] heif(int width, int height, boolean metaLast, long extentLength) {
        byte[] ftyp = box("ftyp", concat(ascii("heic"), u32(0), ascii("mif1"), ascii("heic")));
        byte[] grid = new byte[] {0, 0, 0, 0, 0, 0, 0, 0}; // version, flags, rows - 1, columns - 1, output size
        byte[] mdat = box("mdat", grid);
        long gridOffset = metaLast ? ftyp.length + 8 : -1; // fixed below when meta comes first
        byte[] meta = heifMeta(width, height, gridOffset < 0 ? 0 : gridOffset, extentLength);
        if (!metaLast) {
            meta = heifMeta(width, height, ftyp.length + meta.length + 8, extentLength);
            return concat(ftyp, meta, mdat);
        }
        return concat(ftyp, mdat, meta);
    }

    private static byte[] heifMeta(int width, int height, long gridOffset, long extentLength) {
        byte[] hdlr = box("hdlr", concat(u32(0), u32(0), ascii("pict"), new byte[12], new byte[] {0}));
        byte[] pitm = box("pitm", concat(u32(0), new byte[] {0, 1}));
        byte[] infe =
                box("infe", concat(new byte[] {2, 0, 0, 0}, new byte[] {0, 1, 0, 0}, ascii("grid"), new byte[] {0}));
        byte[] iinf = box("iinf", concat(u32(0), new byte[] {0, 1}, infe));
        byte[] iloc = box(
                "iloc",
                concat(
                        u32(0),
                        new byte[] {0x44, 0x00},
                        new byte[] {0, 1},
                        new byte[] {0, 1},
                        new byte[] {0, 0},
                        new byte[] {0, 1},
                        u32(gridOffset),
                        u32(extentLength)));
        byte[] ipco;
        byte[] ipma;
        if (width > 0) {
            ipco = box("ipco", box("ispe", concat(u32(0), u32(width), u32(height))));
            ipma = box("ipma", concat(u32(0), u32(1), new byte[] {0, 1}, new byte[] {1, (byte) 0x81}));
        } else {
            ipco = box("ipco", box("pixi", concat(u32(0), new byte[] {3, 8, 8, 8})));
            ipma = box("ipma", concat(u32(0), u32(1), new byte[] {0, 1}, new byte[] {1, (byte) 0x81}));
        }
        return box("meta", concat(u32(0), hdlr, pitm, iloc, iinf, box("iprp", concat(ipco, ipma))));
    }

    /** 64 bytes of QuickTime whose {@code ftyp} atom claims 2 GB. */
    static byte[] quickTimeClaiming() {
        byte[] file = new byte[64];
        ByteBuffer.wrap(file)
                .putInt(0x80000000)
                .put(ascii("ftyp"))
                .put(ascii("qt  "))
                .putInt(0x20050300)
                .put(ascii("qt  "));
        return file;
    }

    /** An MP4 whose {@code moov} holds a {@code trak} claiming 256 MB. */
    static byte[] mp4WithLyingTrak() {
        byte[] movie = MediaSamples.movie("isom").bytes();
        byte[] trak = concat(u32(0x10000000), ascii("trak"), box("tkhd", new byte[84]));
        byte[] ftyp = Arrays.copyOf(movie, ByteBuffer.wrap(movie).getInt());
        byte[] moov = Arrays.copyOfRange(movie, ftyp.length + 8, movie.length);
        return concat(ftyp, box("moov", concat(moov, trak)));
    }

    /** A QuickTime movie whose Apple metadata {@code keys} entry claims 200 MB inside a box of a few dozen bytes. */
    static byte[] movWithLyingKey() {
        byte[] movie = MediaSamples.movie("qt  ")
                .appleKey("com.apple.quicktime.make", "Apple")
                .bytes();
        byte[] copy = movie.clone();
        byte[] keys = ascii("keys");
        for (int i = 0; i + 16 < copy.length; i++) {
            if (Arrays.equals(copy, i, i + 4, keys, 0, 4)) {
                ByteBuffer.wrap(copy, i + 12, 4).putInt(200 << 20); // the first entry's size
                return copy;
            }
        }
        throw new IllegalStateException("no keys box");
    }

    private static byte[] zip() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            zip.putNextEntry(new ZipEntry("payload/readme.txt"));
            zip.write("a zip archive hiding behind a photo".getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
