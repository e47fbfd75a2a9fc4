package dev.camroll.media;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

import org.apache.commons.imaging.common.RationalNumber;
import org.apache.commons.imaging.formats.jpeg.exif.ExifRewriter;
import org.apache.commons.imaging.formats.tiff.constants.ExifTagConstants;
import org.apache.commons.imaging.formats.tiff.constants.TiffDirectoryType;
import org.apache.commons.imaging.formats.tiff.constants.TiffTagConstants;
import org.apache.commons.imaging.formats.tiff.taginfos.TagInfoAscii;
import org.apache.commons.imaging.formats.tiff.write.TiffOutputDirectory;
import org.apache.commons.imaging.formats.tiff.write.TiffOutputSet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/** Real media files made for the media tests: pictures with markers, EXIF, hostile headers, movie boxes. */
public final class MediaSamples {

    public static final Color BACKGROUND = new Color(40, 60, 200);

    public static final Color TOP_LEFT = new Color(230, 20, 20);

    public static final Color TOP_RIGHT = new Color(20, 200, 40);

    /** EXIF 2.31 OffsetTimeOriginal (0x9011), which Commons Imaging has no constant for. */
    private static final TagInfoAscii OFFSET_TIME_ORIGINAL =
            new TagInfoAscii("OffsetTimeOriginal", 0x9011, 7, TiffDirectoryType.EXIF_DIRECTORY_EXIF_IFD);

    /** EXIF 2.31 OffsetTime (0x9010). */
    private static final TagInfoAscii OFFSET_TIME =
            new TagInfoAscii("OffsetTime", 0x9010, 7, TiffDirectoryType.EXIF_DIRECTORY_EXIF_IFD);

    private MediaSamples() {}

    /**
     * An upright picture that shows which way it is turned: a blue field, a red square in the top-left corner and a
     * green one in the top-right corner, each a quarter of the shorter side.
     */
    public static BufferedImage markedUpright(int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(BACKGROUND);
        g.fillRect(0, 0, width, height);
        int side = Math.min(width, height) / 4;
        g.setColor(TOP_LEFT);
        g.fillRect(0, 0, side, side);
        g.setColor(TOP_RIGHT);
        g.fillRect(width - side, 0, side, side);
        g.dispose();
        return image;
    }

    /**
     * The pixels a camera stores for the upright picture under EXIF {@code orientation}, built from the EXIF
     * definition (which side of the upright picture the stored first row and first column show), independently of
     * the code under test.
     */
    public static BufferedImage storedFor(BufferedImage upright, int orientation) {
        int w = upright.getWidth();
        int h = upright.getHeight();
        // {first row's side, first column's side}: T(op), B(ottom), L(eft), R(ight)
        String sides = switch (orientation) {
            case 1 -> "TL";
            case 2 -> "TR";
            case 3 -> "BR";
            case 4 -> "BL";
            case 5 -> "LT";
            case 6 -> "RT";
            case 7 -> "RB";
            case 8 -> "LB";
            default -> throw new IllegalArgumentException("orientation " + orientation);
        };
        char row = sides.charAt(0);
        char column = sides.charAt(1);
        boolean rowsAreHorizontal = row == 'T' || row == 'B';
        int storedWidth = rowsAreHorizontal ? w : h;
        int storedHeight = rowsAreHorizontal ? h : w;
        BufferedImage stored = new BufferedImage(storedWidth, storedHeight, BufferedImage.TYPE_INT_RGB);
        for (int r = 0; r < storedHeight; r++) {
            for (int c = 0; c < storedWidth; c++) {
                int x;
                int y;
                if (rowsAreHorizontal) {
                    y = row == 'T' ? r : h - 1 - r;
                    x = column == 'L' ? c : w - 1 - c;
                } else {
                    x = row == 'L' ? r : w - 1 - r;
                    y = column == 'T' ? c : h - 1 - c;
                }
                stored.setRGB(c, r, upright.getRGB(x, y));
            }
        }
        return stored;
    }

    /** A picture of smooth shapes and fine texture, different for every seed: a stand-in for a photo. */
    public static BufferedImage photo(int width, int height, long seed) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Random random = new Random(seed);
        Graphics2D g = image.createGraphics();
        g.setPaint(new java.awt.GradientPaint(
                0, 0, new Color(random.nextInt(0xffffff)), width, height, new Color(random.nextInt(0xffffff))));
        g.fillRect(0, 0, width, height);
        for (int i = 0; i < 40; i++) {
            g.setColor(new Color(random.nextInt(0xffffff)));
            int x = random.nextInt(width);
            int y = random.nextInt(height);
            int size = Math.max(4, random.nextInt(Math.max(5, Math.min(width, height) / 3)));
            if (random.nextBoolean()) {
                g.fillOval(x, y, size, size);
            } else {
                g.fillRect(x, y, size, size / 2 + 1);
            }
        }
        g.dispose();
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                // Fine grain, so the picture has detail at every scale, as photos do.
                int grain = random.nextInt(21) - 10;
                int rgb = image.getRGB(x, y);
                int r = clamp(((rgb >> 16) & 0xff) + grain);
                int gr = clamp(((rgb >> 8) & 0xff) + grain);
                int b = clamp((rgb & 0xff) + grain);
                image.setRGB(x, y, (r << 16) | (gr << 8) | b);
            }
        }
        return image;
    }

    public static BufferedImage filled(int width, int height, Color color) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(color);
        g.fillRect(0, 0, width, height);
        g.dispose();
        return image;
    }

    /** A baseline JPEG at quality 0.92, as a camera app might write it. */
    public static byte[] jpeg(BufferedImage image) {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ImageOutputStream output = ImageIO.createImageOutputStream(bytes)) {
            writer.setOutput(output);
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(0.92f);
            writer.write(null, new IIOImage(image, null, null), param);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }

    public static byte[] png(BufferedImage image) {
        return encode(image, "png");
    }

    public static byte[] gif(BufferedImage image) {
        return encode(image, "gif");
    }

    public static Path write(Path directory, String name, byte[] bytes) {
        try {
            return Files.write(directory.resolve(name), bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** EXIF to write into a JPEG, built up field by field. */
    public static Exif exif() {
        return new Exif();
    }

    public static final class Exif {

        private Integer orientation;

        private String dateTimeOriginal;

        private String offsetTimeOriginal;

        private String offsetTime;

        private double[] gps;

        private String make;

        private String model;

        public Exif orientation(int value) {
            this.orientation = value;
            return this;
        }

        public Exif takenAt(String exifDate) {
            this.dateTimeOriginal = exifDate;
            return this;
        }

        public Exif offsetOriginal(String offset) {
            this.offsetTimeOriginal = offset;
            return this;
        }

        public Exif offset(String offset) {
            this.offsetTime = offset;
            return this;
        }

        public Exif gps(double latitude, double longitude) {
            this.gps = new double[] {latitude, longitude};
            return this;
        }

        public Exif camera(String make, String model) {
            this.make = make;
            this.model = model;
            return this;
        }

        /** The JPEG with this EXIF added, without re-encoding its pixels. */
        public byte[] into(byte[] jpeg) {
            try {
                TiffOutputSet set = new TiffOutputSet();
                TiffOutputDirectory root = set.getOrCreateRootDirectory();
                if (orientation != null) {
                    root.add(TiffTagConstants.TIFF_TAG_ORIENTATION, orientation.shortValue());
                }
                if (make != null) {
                    root.add(TiffTagConstants.TIFF_TAG_MAKE, make);
                    root.add(TiffTagConstants.TIFF_TAG_MODEL, model);
                }
                TiffOutputDirectory exif = set.getOrCreateExifDirectory();
                if (dateTimeOriginal != null) {
                    exif.add(ExifTagConstants.EXIF_TAG_DATE_TIME_ORIGINAL, dateTimeOriginal);
                }
                if (offsetTimeOriginal != null) {
                    exif.add(OFFSET_TIME_ORIGINAL, offsetTimeOriginal);
                }
                if (offsetTime != null) {
                    exif.add(OFFSET_TIME, offsetTime);
                }
                exif.add(ExifTagConstants.EXIF_TAG_EXPOSURE_TIME, RationalNumber.valueOf(1 / 125.0));
                if (gps != null) {
                    set.setGpsInDegrees(gps[1], gps[0]);
                }
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                new ExifRewriter().updateExifMetadataLossless(jpeg, out, set);
                return out.toByteArray();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /**
     * A PNG of a few dozen bytes whose header (IHDR, with a valid CRC) claims {@code width x height} pixels: a
     * decompression bomb's calling card.
     */
    public static byte[] pngClaiming(int width, int height) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
        ByteBuffer ihdr = ByteBuffer.allocate(13)
                .putInt(width)
                .putInt(height)
                .put((byte) 8) // bit depth
                .put((byte) 2) // colour type: truecolour
                .put((byte) 0) // compression
                .put((byte) 0) // filter
                .put((byte) 0); // no interlace
        chunk(out, "IHDR", ihdr.array());
        // A sliver of zlib data, as a bomb would stream megabytes of zeros from it.
        chunk(out, "IDAT", new byte[] {
            0x78, (byte) 0x9c, 0x63, 0x60, 0x18, 0x05, (byte) 0xa3, 0x60, 0x14, 0x0c, 0x77, 0x00, 0x00
        });
        chunk(out, "IEND", new byte[0]);
        return out.toByteArray();
    }

    private static void chunk(ByteArrayOutputStream out, String type, byte[] data) {
        byte[] typeBytes = type.getBytes(StandardCharsets.US_ASCII);
        CRC32 crc = new CRC32();
        crc.update(typeBytes);
        crc.update(data);
        out.writeBytes(ByteBuffer.allocate(4).putInt(data.length).array());
        out.writeBytes(typeBytes);
        out.writeBytes(data);
        out.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }

    /** The first {@code fraction} of the bytes, as an interrupted transfer leaves a file. */
    public static byte[] truncated(byte[] bytes, double fraction) {
        return Arrays.copyOf(bytes, (int) (bytes.length * fraction));
    }

    /** Encodes a PNG or JPEG as HEIC with heif-enc (a JPEG's EXIF goes along). Fails when heif-enc is missing. */
    public static Path heic(Path dir, byte[] source, String name) throws Exception {
        Path input = write(dir, "source-" + System.nanoTime() + (source[0] == (byte) 0x89 ? ".png" : ".jpg"), source);
        Path output = dir.resolve(name);
        Process process;
        try {
            process = new ProcessBuilder(List.of("heif-enc", "-q", "90", "-o", output.toString(), input.toString()))
                    .redirectErrorStream(true)
                    .start();
        } catch (IOException e) {
            return fail("heif-enc is needed to make HEIC test files: install Debian's libheif-examples "
                    + "(.ci/run does). " + e.getMessage());
        }
        String log = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as("heif-enc: %s", log).isZero();
        return output;
    }

    /** A movie to write as ISO base media boxes: only the metadata boxes, no media samples. */
    public static Movie movie(String brand) {
        return new Movie(brand);
    }

    public static final class Movie {

        /** QuickTime and ISO/IEC 14496-12 count seconds from 1904-01-01T00:00:00Z. */
        private static final long EPOCH_1904 = -2_082_844_800L;

        private final String brand;

        private Instant created;

        private long timeScale = 1000;

        private long duration;

        private String xyz;

        private final List<String[]> appleKeys = new ArrayList<>();

        Movie(String brand) {
            this.brand = brand;
        }

        public Movie created(Instant instant) {
            this.created = instant;
            return this;
        }

        public Movie duration(long units, long timeScale) {
            this.duration = units;
            this.timeScale = timeScale;
            return this;
        }

        /** A {@code ©xyz} user-data location, as Android and older iPhones write it. */
        public Movie xyz(String iso6709) {
            this.xyz = iso6709;
            return this;
        }

        /** An Apple metadata item ({@code moov/meta} with {@code keys} and {@code ilst}), e.g. the location. */
        public Movie appleKey(String key, String value) {
            appleKeys.add(new String[] {key, value});
            return this;
        }

        public byte[] bytes() {
            byte[] ftyp = box("ftyp", concat(ascii(brand), u32(0), ascii(brand), ascii("isom")));
            long seconds = created == null ? 0 : created.getEpochSecond() - EPOCH_1904;
            ByteArrayOutputStream mvhd = new ByteArrayOutputStream();
            mvhd.writeBytes(u32(0)); // version 0, flags
            mvhd.writeBytes(u32(seconds)); // creation time
            mvhd.writeBytes(u32(seconds)); // modification time
            mvhd.writeBytes(u32(timeScale));
            mvhd.writeBytes(u32(duration));
            mvhd.writeBytes(u32(0x00010000)); // rate 1.0
            mvhd.writeBytes(new byte[] {0x01, 0x00}); // volume 1.0
            mvhd.writeBytes(new byte[10]); // reserved
            for (int v : new int[] {0x00010000, 0, 0, 0, 0x00010000, 0, 0, 0, 0x40000000}) {
                mvhd.writeBytes(u32(v)); // unity matrix
            }
            mvhd.writeBytes(new byte[24]); // pre-defined / preview, poster, selection, current time
            mvhd.writeBytes(u32(2)); // next track id
            ByteArrayOutputStream moov = new ByteArrayOutputStream();
            moov.writeBytes(box("mvhd", mvhd.toByteArray()));
            if (xyz != null) {
                byte[] text = xyz.getBytes(StandardCharsets.UTF_8);
                byte[] item =
                        concat(new byte[] {(byte) (text.length >> 8), (byte) text.length, 0x15, (byte) 0xc7}, text);
                moov.writeBytes(box("udta", box(new byte[] {(byte) 0xa9, 'x', 'y', 'z'}, item)));
            }
            if (!appleKeys.isEmpty()) {
                moov.writeBytes(box("meta", appleMeta()));
            }
            return concat(ftyp, box("moov", moov.toByteArray()));
        }

        private byte[] appleMeta() {
            byte[] hdlr = box("hdlr", concat(u32(0), u32(0), ascii("mdta"), new byte[12], new byte[] {0}));
            ByteArrayOutputStream keys = new ByteArrayOutputStream();
            keys.writeBytes(u32(0));
            keys.writeBytes(u32(appleKeys.size()));
            ByteArrayOutputStream ilst = new ByteArrayOutputStream();
            for (int i = 0; i < appleKeys.size(); i++) {
                byte[] key = appleKeys.get(i)[0].getBytes(StandardCharsets.UTF_8);
                keys.writeBytes(u32(8 + key.length));
                keys.writeBytes(ascii("mdta"));
                keys.writeBytes(key);
                byte[] value = appleKeys.get(i)[1].getBytes(StandardCharsets.UTF_8);
                byte[] data = box("data", concat(u32(1), u32(0), value)); // type 1: UTF-8, default locale
                ilst.writeBytes(box(u32(i + 1), data));
            }
            return concat(hdlr, box("keys", keys.toByteArray()), box("ilst", ilst.toByteArray()));
        }
    }

    public static byte[] box(String type, byte[] payload) {
        return box(ascii(type), payload);
    }

    public static byte[] box(byte[] type, byte[] payload) {
        return concat(u32(8 + payload.length), type, payload);
    }

    public static byte[] u32(long value) {
        return ByteBuffer.allocate(4).putInt((int) value).array();
    }

    public static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    public static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    private static int clamp(int value) {
        return Math.max(0, Math.min(255, value));
    }

    private static byte[] encode(BufferedImage image, String format) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            if (!ImageIO.write(image, format, new DataOutputStream(out))) {
                throw new IllegalStateException("no ImageIO writer for " + format);
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
