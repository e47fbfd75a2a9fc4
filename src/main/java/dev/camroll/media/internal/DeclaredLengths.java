package dev.camroll.media.internal;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Set;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

import org.jspecify.annotations.Nullable;

/**
 * Checks every length a file declares (JPEG segments, PNG chunks, RIFF chunks, ISO-BMFF boxes and HEIF item extents)
 * against the bytes really present, before metadata-extractor reads it: the library allocates whatever a length
 * claims, so a 64-byte file claiming a 2 GB box would cost 2 GB. What the library would hold in memory at once is
 * also kept under a budget (inflated PNG text included). Where the library would read more than it needs (WebP image
 * data, a video's media data) it is given an excerpt holding only the structures it reads.
 */
final class DeclaredLengths {

    private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    private static final byte[] EXTENDED_XMP =
            "http://ns.adobe.com/xmp/extension/\0".getBytes(StandardCharsets.ISO_8859_1);

    /** The PNG chunks metadata-extractor reads into memory (PngMetadataReader's desired types). */
    private static final Set<String> PNG_READ_WHOLE = Set.of(
            "IHDR", "PLTE", "tRNS", "cHRM", "sRGB", "gAMA", "iCCP", "bKGD", "tEXt", "zTXt", "iTXt", "tIME", "pHYs",
            "sBIT", "eXIf");

    /** ISO-BMFF boxes made of boxes and nothing else (ISO/IEC 14496-12, QuickTime, ISO/IEC 23008-12). */
    private static final Set<String> CONTAINERS = Set.of(
            "moov",
            "trak",
            "mdia",
            "minf",
            "stbl",
            "udta",
            "edts",
            "dinf",
            "mvex",
            "moof",
            "traf",
            "tref",
            "iprp",
            "ipco",
            "ilst",
            "clip",
            "matt",
            "ilst item");

    /** What {@link #boxes} calls an item of an {@code ilst}, whose own type is a number or a tag name. */
    private static final String ILST_ITEM = "ilst item";

    /** Top-level boxes that hold media samples or padding: never read for metadata. */
    private static final Set<String> MEDIA_DATA = Set.of("mdat", "free", "skip", "wide");

    /** Bytes of a VP8/VP8L/ALPH/ANIM chunk kept in a WebP excerpt: more than the headers the metadata reader reads. */
    private static final int WEBP_HEADER_BYTES = 32;

    private static final int MAX_DEPTH = 16;

    private DeclaredLengths() {}

    /**
     * Checks a photo's structure; answers what metadata-extractor may read: an excerpt of the file, or null for the
     * file as it is (its declared lengths checked).
     *
     * @throws AnalysisException {@code undecodable} when a length claims bytes the file does not have,
     *     {@code image-too-large} when the metadata would exceed {@code budget} bytes in memory
     */
    static byte @Nullable [] photo(Path file, long budget) throws AnalysisException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = channel.size();
            byte[] head = new byte[12];
            int read = channel.read(ByteBuffer.wrap(head), 0);
            if (read < 12) {
                return null; // too short to declare anything: the decoder finds it undecodable
            }
            if ((head[0] & 0xff) == 0xff && (head[1] & 0xff) == 0xd8) {
                jpeg(channel, size, budget);
                return null;
            }
            if (Arrays.equals(head, 0, 8, PNG, 0, 8)) {
                png(channel, size, budget);
                return null;
            }
            if (ascii(head, 0, 4).equals("RIFF") && ascii(head, 8, 4).equals("WEBP")) {
                return webp(channel, size, budget);
            }
            if (ascii(head, 4, 4).equals("ftyp")) {
                heif(channel, size, budget);
                return null;
            }
            return null; // GIF's blocks are at most 255 bytes each; other formats are not read for metadata
        } catch (IOException e) {
            throw new AnalysisException(AnalysisProblem.UNDECODABLE, "The file cannot be read: " + e, e);
        }
    }

    /**
     * Reads a video's top-level boxes from {@code in} ({@code length} bytes in all), checks their declared sizes, and
     * answers an excerpt without the media data (each {@code mdat} an empty box): what metadata-extractor reads.
     *
     * @throws AnalysisException as {@link #photo(Path, long)}
     */
    static byte[] video(InputStream in, long length, long budget) throws AnalysisException, IOException {
        ByteArrayOutputStream excerpt = new ByteArrayOutputStream();
        long position = 0;
        while (position < length) {
            if (length - position < 8) {
                break; // trailing bytes too few for a box header: ignored, as readers do
            }
            byte[] header = in.readNBytes(8);
            if (header.length < 8) {
                throw lie("The file ends before its stated length.");
            }
            long size = Integer.toUnsignedLong(ByteBuffer.wrap(header).getInt());
            String type = ascii(header, 4, 4);
            int headerLength = 8;
            byte[] large = null;
            if (size == 1) {
                large = in.readNBytes(8);
                if (large.length < 8) {
                    throw lie("The file ends inside a box header.");
                }
                size = ByteBuffer.wrap(large).getLong();
                headerLength = 16;
            } else if (size == 0) {
                size = length - position; // to the end of the file
            }
            if (size < headerLength || size > length - position) {
                throw lie("The '" + printable(type) + "' box claims " + size + " bytes; " + (length - position)
                        + " are left in the file.");
            }
            long payload = size - headerLength;
            if (MEDIA_DATA.contains(type)) {
                skipFully(in, payload);
                excerpt.writeBytes(
                        ByteBuffer.allocate(8).putInt(8).put(header, 4, 4).array());
            } else {
                if (excerpt.size() + size > budget) {
                    throw tooLarge("The video's metadata boxes exceed " + budget + " bytes.");
                }
                byte[] content = in.readNBytes((int) payload);
                if (content.length < payload) {
                    throw lie("The file ends inside its '" + printable(type) + "' box.");
                }
                boxes(type, ByteBuffer.wrap(content), 0);
                excerpt.writeBytes(ByteBuffer.allocate(8)
                        .putInt((int) (8 + payload))
                        .put(header, 4, 4)
                        .array());
                excerpt.writeBytes(content);
            }
            position += size;
        }
        return excerpt.toByteArray();
    }

    private static void jpeg(FileChannel channel, long size, long budget) throws IOException, AnalysisException {
        long position = 2;
        long held = 0;
        while (position + 4 <= size) {
            byte[] marker = bytes(channel, position, 4);
            if ((marker[0] & 0xff) != 0xff) {
                return; // not a marker: the structure ends here for the metadata reader too
            }
            int type = marker[1] & 0xff;
            if (type == 0xff) {
                position++; // fill byte
                continue;
            }
            if (type == 0xd8 || type == 0x01 || (type >= 0xd0 && type <= 0xd7)) {
                position += 2; // markers without a length
                continue;
            }
            if (type == 0xd9) {
                return;
            }
            int length = ((marker[2] & 0xff) << 8) | (marker[3] & 0xff);
            if (length < 2 || position + 2 + length > size) {
                throw lie("A JPEG segment claims " + length + " bytes; " + (size - position - 2) + " are left.");
            }
            if (type == 0xda) {
                return; // start of scan: the metadata reader stops here
            }
            held += length;
            if (held > budget) {
                throw tooLarge("The JPEG's segments before its image data exceed " + budget + " bytes.");
            }
            if (type == 0xe1 && length >= 2 + EXTENDED_XMP.length + 32 + 8) {
                byte[] start = bytes(channel, position + 4, EXTENDED_XMP.length + 32 + 8);
                if (Arrays.equals(start, 0, EXTENDED_XMP.length, EXTENDED_XMP, 0, EXTENDED_XMP.length)) {
                    // The metadata reader allocates the whole extended XMP, as its first chunk states it, at once.
                    long full = Integer.toUnsignedLong(
                            ByteBuffer.wrap(start, EXTENDED_XMP.length + 32, 4).getInt());
                    if (full > size) {
                        throw lie("An extended XMP chunk claims " + full + " bytes in a file of " + size + ".");
                    }
                    if (full > budget) {
                        throw tooLarge("An extended XMP of " + full + " bytes exceeds " + budget + ".");
                    }
                }
            }
            position += 2 + length;
        }
    }

    private static void png(FileChannel channel, long size, long budget) throws IOException, AnalysisException {
        long position = 8;
        long held = 0;
        while (position + 8 <= size) {
            byte[] header = bytes(channel, position, 8);
            long length = Integer.toUnsignedLong(ByteBuffer.wrap(header).getInt());
            String type = ascii(header, 4, 4);
            if (length > Integer.MAX_VALUE || position + 12 + length > size) {
                throw lie("The PNG chunk '" + printable(type) + "' claims " + length + " bytes; "
                        + (size - position - 12) + " are left.");
            }
            if (type.equals("IEND")) {
                return;
            }
            if (PNG_READ_WHOLE.contains(type)) {
                // The metadata reader reads these whole, and inflates compressed text in memory; others it skips.
                held += length;
                if (held > budget) {
                    throw tooLarge("The PNG's chunks other than image data exceed " + budget + " bytes.");
                }
                if (type.equals("zTXt") || type.equals("iTXt") || type.equals("iCCP")) {
                    held += inflated(type, bytes(channel, position + 8, (int) length), budget - held);
                }
            }
            position += 12 + length;
        }
    }

    /** How many bytes a compressed PNG chunk inflates to, counting no further than {@code allowed}. */
    private static long inflated(String type, byte[] data, long allowed) throws AnalysisException {
        int keywordEnd = indexOf(data, 0, 0);
        if (keywordEnd < 0) {
            return 0; // malformed: the metadata reader reports it and inflates nothing
        }
        int start;
        if (type.equals("iTXt")) {
            if (keywordEnd + 2 >= data.length || data[keywordEnd + 1] == 0) {
                return 0; // not compressed
            }
            int language = indexOf(data, keywordEnd + 3, 0);
            int translated = language < 0 ? -1 : indexOf(data, language + 1, 0);
            if (translated < 0) {
                return 0;
            }
            start = translated + 1;
        } else {
            start = keywordEnd + 2; // keyword, NUL, compression method
        }
        if (start > data.length) {
            return 0;
        }
        Inflater inflater = new Inflater();
        try {
            inflater.setInput(data, start, data.length - start);
            byte[] sink = new byte[64 * 1024];
            long total = 0;
            while (!inflater.finished() && !inflater.needsInput() && !inflater.needsDictionary()) {
                total += inflater.inflate(sink);
                if (total > allowed) {
                    throw tooLarge("A PNG '" + type + "' chunk inflates beyond the metadata budget.");
                }
            }
            return total;
        } catch (DataFormatException e) {
            return 0; // corrupt: the metadata reader fails on it the same way, without inflating more
        } finally {
            inflater.end();
        }
    }

    private static byte[] webp(FileChannel channel, long size, long budget) throws IOException, AnalysisException {
        ByteArrayOutputStream excerpt = new ByteArrayOutputStream();
        excerpt.writeBytes(bytes(channel, 0, 12));
        long position = 12;
        while (position + 8 <= size) {
            byte[] header = bytes(channel, position, 8);
            String type = ascii(header, 0, 4);
            long length = Integer.toUnsignedLong(
                    ByteBuffer.wrap(header, 4, 4).order(ByteOrder.LITTLE_ENDIAN).getInt());
            if (position + 8 + length > size) {
                throw lie("The WebP chunk '" + printable(type) + "' claims " + length + " bytes; "
                        + (size - position - 8) + " are left.");
            }
            boolean imageData = Set.of("VP8 ", "VP8L", "ALPH", "ANIM", "ANMF").contains(type);
            int kept = (int) (imageData ? Math.min(length, WEBP_HEADER_BYTES) : length);
            if (excerpt.size() + kept > budget) {
                throw tooLarge("The WebP's metadata chunks exceed " + budget + " bytes.");
            }
            excerpt.writeBytes(ByteBuffer.allocate(8)
                    .put(header, 0, 4)
                    .order(ByteOrder.LITTLE_ENDIAN)
                    .putInt(kept)
                    .array());
            excerpt.writeBytes(bytes(channel, position + 8, kept));
            if (kept % 2 == 1) {
                excerpt.write(0);
            }
            position += 8 + length + (length % 2);
        }
        byte[] bytes = excerpt.toByteArray();
        ByteBuffer.wrap(bytes, 4, 4).order(ByteOrder.LITTLE_ENDIAN).putInt(bytes.length - 8);
        return bytes;
    }

    private static void heif(FileChannel channel, long size, long budget) throws IOException, AnalysisException {
        long position = 0;
        while (position + 8 <= size) {
            byte[] header = bytes(channel, position, 8);
            long boxSize = Integer.toUnsignedLong(ByteBuffer.wrap(header).getInt());
            String type = ascii(header, 4, 4);
            int headerLength = 8;
            if (boxSize == 1) {
                if (position + 16 > size) {
                    throw lie("The file ends inside a box header.");
                }
                boxSize = ByteBuffer.wrap(bytes(channel, position + 8, 8)).getLong();
                headerLength = 16;
            } else if (boxSize == 0) {
                boxSize = size - position;
            }
            if (boxSize < headerLength || boxSize > size - position) {
                throw lie("The '" + printable(type) + "' box claims " + boxSize + " bytes; " + (size - position)
                        + " are left in the file.");
            }
            if (!MEDIA_DATA.contains(type)) {
                long payload = boxSize - headerLength;
                if (payload > budget) {
                    throw tooLarge("The '" + printable(type) + "' box holds " + payload + " bytes; the metadata "
                            + "budget is " + budget + ".");
                }
                ByteBuffer content = ByteBuffer.wrap(bytes(channel, position + headerLength, (int) payload));
                boxes(type, content, 0);
                if (type.equals("meta")) {
                    extents(content, size);
                }
            }
            position += boxSize;
        }
    }

    /** Checks the boxes inside a box of {@code type} ({@code box} is its payload), if it is made of boxes. */
    private static void boxes(String type, ByteBuffer box, int depth) throws AnalysisException {
        if (depth > MAX_DEPTH) {
            throw lie("Boxes nest deeper than " + MAX_DEPTH + ".");
        }
        ByteBuffer children = box.duplicate();
        switch (type) {
            case "meta" -> {
                // A FullBox in ISO-BMFF (version and flags first); a plain box in QuickTime, which starts with a box.
                if (children.remaining() >= 4 && children.getInt(children.position()) == 0) {
                    children.position(children.position() + 4);
                }
            }
            case "iref" -> skip(children, 4);
            case "keys" -> {
                keys(children);
                return;
            }
            case "iinf" -> {
                int version = children.remaining() > 0 ? children.get(children.position()) & 0xff : 0;
                skip(children, version == 0 ? 6 : 8);
            }
            default -> {
                if (!CONTAINERS.contains(type)) {
                    return;
                }
            }
        }
        while (children.remaining() >= 8) {
            long size = Integer.toUnsignedLong(children.getInt());
            String child = ascii(children, 4);
            int headerLength = 8;
            if (size == 1) {
                if (children.remaining() < 8) {
                    throw lie("A box header is cut short.");
                }
                size = children.getLong();
                headerLength = 16;
            } else if (size == 0) {
                size = children.remaining() + 8L;
            }
            long length = size - headerLength;
            if (length < 0 || length > children.remaining()) {
                throw lie("The '" + printable(child) + "' box claims " + size + " bytes; its parent '" + printable(type)
                        + "' has " + (children.remaining() + headerLength) + " left.");
            }
            ByteBuffer content = children.slice();
            content.limit((int) length);
            // An ilst's children are items named by number, each holding data boxes.
            boxes(type.equals("ilst") ? ILST_ITEM : child, content, depth + 1);
            children.position(children.position() + (int) length);
        }
    }

    /** Checks the entries of a QuickTime {@code keys} box: FullBox header, a count, then sized key names. */
    private static void keys(ByteBuffer keys) throws AnalysisException {
        skip(keys, 4);
        if (keys.remaining() < 4) {
            return;
        }
        long count = Integer.toUnsignedLong(keys.getInt());
        for (long i = 0; i < count && keys.remaining() > 0; i++) {
            if (keys.remaining() < 8) {
                throw lie("A metadata key entry is cut short.");
            }
            long size = Integer.toUnsignedLong(keys.getInt());
            if (size < 8 || size - 4 > keys.remaining()) {
                throw lie("A metadata key entry claims " + size + " bytes; its 'keys' box has " + (keys.remaining() + 4)
                        + " left.");
            }
            skip(keys, (int) size - 4);
        }
    }

    /** Checks that every item extent of a HEIF {@code meta}'s {@code iloc} lies within the file (ISO/IEC 14496-12, 8.11.3). */
    private static void extents(ByteBuffer meta, long fileSize) throws AnalysisException {
        ByteBuffer children = meta.duplicate();
        if (children.remaining() >= 4 && children.getInt(children.position()) == 0) {
            children.position(children.position() + 4);
        }
        try {
            while (children.remaining() >= 8) {
                long size = Integer.toUnsignedLong(children.getInt());
                String type = ascii(children, 4);
                long payload = size == 0 ? children.remaining() : size - 8;
                ByteBuffer content = children.slice();
                content.limit((int) payload);
                children.position(children.position() + (int) payload);
                if (type.equals("iloc")) {
                    iloc(content, fileSize);
                }
            }
        } catch (RuntimeException malformed) {
            throw lie("The item locations cannot be read: " + malformed);
        }
    }

    private static void iloc(ByteBuffer iloc, long fileSize) throws AnalysisException {
        int version = iloc.get() & 0xff;
        skip(iloc, 3);
        int sizes = iloc.getShort() & 0xffff;
        int offsetSize = sizes >> 12;
        int lengthSize = (sizes >> 8) & 0xf;
        int baseOffsetSize = (sizes >> 4) & 0xf;
        int indexSize = version == 1 || version == 2 ? sizes & 0xf : 0;
        long items = version < 2 ? iloc.getShort() & 0xffff : Integer.toUnsignedLong(iloc.getInt());
        for (long i = 0; i < items; i++) {
            skip(iloc, version < 2 ? 2 : 4); // item id
            int construction = 0;
            if (version == 1 || version == 2) {
                construction = iloc.getShort() & 0xf;
            }
            skip(iloc, 2); // data reference index
            long base = number(iloc, baseOffsetSize);
            int extents = iloc.getShort() & 0xffff;
            for (int e = 0; e < extents; e++) {
                number(iloc, indexSize);
                long offset = number(iloc, offsetSize);
                long length = number(iloc, lengthSize);
                // Construction 0 points into the file; 1 into the meta's idat, whose size its box already bounds.
                if (construction == 0
                        && (base < 0
                                || offset < 0
                                || length < 0
                                || base + offset > fileSize
                                || length > fileSize - base - offset)) {
                    throw lie("An item extent claims bytes " + (base + offset) + " to " + (base + offset + length)
                            + " of a file of " + fileSize + ".");
                }
            }
        }
    }

    private static long number(ByteBuffer buffer, int bytes) {
        return switch (bytes) {
            case 0 -> 0;
            case 4 -> Integer.toUnsignedLong(buffer.getInt());
            case 8 -> buffer.getLong();
            default -> throw new IllegalArgumentException("a field of " + bytes + " bytes");
        };
    }

    private static void skip(ByteBuffer buffer, int bytes) {
        buffer.position(Math.min(buffer.limit(), buffer.position() + bytes));
    }

    private static byte[] bytes(FileChannel channel, long position, int length) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(length);
        while (buffer.hasRemaining()) {
            if (channel.read(buffer, position + buffer.position()) < 0) {
                throw new EOFException();
            }
        }
        return buffer.array();
    }

    private static void skipFully(InputStream in, long bytes) throws IOException, AnalysisException {
        long left = bytes;
        while (left > 0) {
            long skipped = in.skip(left);
            if (skipped <= 0) {
                if (in.read() < 0) {
                    throw lie("The file ends before its stated length.");
                }
                skipped = 1;
            }
            left -= skipped;
        }
    }

    private static int indexOf(byte[] data, int from, int value) {
        for (int i = from; i < data.length; i++) {
            if (data[i] == value) {
                return i;
            }
        }
        return -1;
    }

    private static String ascii(byte[] bytes, int offset, int length) {
        return new String(bytes, offset, length, StandardCharsets.ISO_8859_1);
    }

    private static String ascii(ByteBuffer buffer, int length) {
        byte[] bytes = new byte[length];
        buffer.get(bytes);
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }

    private static String printable(String type) {
        return type.replaceAll("[^\\x20-\\x7e]", "?");
    }

    private static AnalysisException lie(String detail) {
        return new AnalysisException(AnalysisProblem.UNDECODABLE, detail);
    }

    private static AnalysisException tooLarge(String detail) {
        return new AnalysisException(AnalysisProblem.IMAGE_TOO_LARGE, detail);
    }
}
