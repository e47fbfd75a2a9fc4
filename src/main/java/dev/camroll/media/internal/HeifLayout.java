package dev.camroll.media.internal;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

/**
 * The size and rotation of a HEIF file's primary image, from its item properties (ISO/IEC 23008-12: {@code pitm}
 * names the primary item, {@code ipma} links it to {@code ipco} properties, {@code ispe} is its size and
 * {@code irot} its turn). metadata-extractor keeps the first {@code ispe} it meets, which in a phone's tiled HEIC is
 * one 512 x 512 tile, not the picture.
 */
final class HeifLayout {

    /** A meta box larger than this is not a phone's (theirs are a few KB): not read, so not allocated. */
    private static final long MAX_META_BYTES = 1 << 20;

    private HeifLayout() {}

    /**
     * The primary image as stored.
     *
     * @param rotation the anticlockwise turn (0, 90, 180, 270) to apply for display
     */
    record Primary(int width, int height, int rotation) {

        /** Whether display swaps width and height. */
        boolean quarterTurned() {
            return rotation == 90 || rotation == 270;
        }
    }

    /** The primary image's layout, or empty when the file does not state it readably. */
    static Optional<Primary> read(Path file) {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
            byte[] meta = topLevelMeta(in);
            return meta == null ? Optional.empty() : primary(ByteBuffer.wrap(meta));
        } catch (IOException | RuntimeException e) {
            // Truncated or malformed boxes: the layout is unknown, and the caller falls back.
            return Optional.empty();
        }
    }

    /** The payload of the top-level {@code meta} box, read box by box from the start of the file. */
    private static byte @Nullable [] topLevelMeta(DataInputStream in) throws IOException {
        for (int boxes = 0; boxes < 64; boxes++) {
            long size;
            String type;
            try {
                size = Integer.toUnsignedLong(in.readInt());
                type = type(in.readInt());
            } catch (EOFException e) {
                return null;
            }
            long header = 8;
            if (size == 1) {
                size = in.readLong();
                header = 16;
            }
            if (size != 0 && size < header) {
                return null;
            }
            if (type.equals("meta")) {
                long payload = size == 0 ? MAX_META_BYTES + 1 : size - header;
                if (payload > MAX_META_BYTES) {
                    return null;
                }
                return in.readNBytes((int) payload);
            }
            if (size == 0) {
                return null;
            }
            skip(in, size - header);
        }
        return null;
    }

    private static Optional<Primary> primary(ByteBuffer meta) {
        int version = meta.get() & 0xff;
        meta.position(meta.position() + 3); // FullBox flags
        if (version != 0) {
            return Optional.empty();
        }
        Long primaryItem = null;
        List<ByteBuffer> properties = new ArrayList<>();
        List<String> propertyTypes = new ArrayList<>();
        ByteBuffer ipma = null;
        for (Box box : children(meta)) {
            if (box.type.equals("pitm")) {
                int pitmVersion = box.payload.get() & 0xff;
                box.payload.position(box.payload.position() + 3);
                primaryItem = pitmVersion == 0
                        ? (long) (box.payload.getShort() & 0xffff)
                        : Integer.toUnsignedLong(box.payload.getInt());
            } else if (box.type.equals("iprp")) {
                for (Box child : children(box.payload)) {
                    if (child.type.equals("ipco")) {
                        for (Box property : children(child.payload)) {
                            properties.add(property.payload);
                            propertyTypes.add(property.type);
                        }
                    } else if (child.type.equals("ipma") && ipma == null) {
                        ipma = child.payload;
                    }
                }
            }
        }
        if (primaryItem == null || ipma == null) {
            return Optional.empty();
        }
        Integer width = null;
        Integer height = null;
        int rotation = 0;
        for (int index : associations(ipma, primaryItem)) {
            if (index < 1 || index > properties.size()) {
                continue;
            }
            ByteBuffer property = properties.get(index - 1).duplicate();
            switch (propertyTypes.get(index - 1)) {
                case "ispe" -> {
                    property.position(property.position() + 4); // FullBox version and flags
                    width = property.getInt();
                    height = property.getInt();
                }
                case "irot" -> rotation = (property.get() & 0x03) * 90;
                default -> {
                    // Other properties (colour, pixel information, decoder configuration) do not change the layout.
                }
            }
        }
        if (width == null || width <= 0 || height <= 0) {
            return Optional.empty();
        }
        return Optional.of(new Primary(width, height, rotation));
    }

    /** The 1-based {@code ipco} indexes associated with the item (ISO/IEC 23008-12, 9.3.2 ItemPropertyAssociation). */
    private static List<Integer> associations(ByteBuffer ipma, long item) {
        int version = ipma.get() & 0xff;
        int flags = ((ipma.get() & 0xff) << 16) | ((ipma.get() & 0xff) << 8) | (ipma.get() & 0xff);
        long entries = Integer.toUnsignedLong(ipma.getInt());
        for (long e = 0; e < entries; e++) {
            long id = version < 1 ? ipma.getShort() & 0xffff : Integer.toUnsignedLong(ipma.getInt());
            int count = ipma.get() & 0xff;
            List<Integer> indexes = new ArrayList<>(count);
            for (int a = 0; a < count; a++) {
                // The top bit marks the property essential; the rest is the index.
                indexes.add((flags & 1) == 1 ? ipma.getShort() & 0x7fff : ipma.get() & 0x7f);
            }
            if (id == item) {
                return indexes;
            }
        }
        return List.of();
    }

    private record Box(String type, ByteBuffer payload) {}

    private static List<Box> children(ByteBuffer parent) {
        List<Box> boxes = new ArrayList<>();
        while (parent.remaining() >= 8) {
            long size = Integer.toUnsignedLong(parent.getInt());
            String type = type(parent.getInt());
            long payload = size == 0 ? parent.remaining() : size - 8;
            if (payload < 0 || payload > parent.remaining()) {
                throw new BufferUnderflowException();
            }
            ByteBuffer slice = parent.slice();
            slice.limit((int) payload);
            boxes.add(new Box(type, slice));
            parent.position(parent.position() + (int) payload);
        }
        return boxes;
    }

    private static String type(int fourCc) {
        return new String(ByteBuffer.allocate(4).putInt(fourCc).array(), StandardCharsets.ISO_8859_1);
    }

    private static void skip(InputStream in, long bytes) throws IOException {
        long left = bytes;
        while (left > 0) {
            long skipped = in.skip(left);
            if (skipped <= 0) {
                if (in.read() < 0) {
                    throw new EOFException();
                }
                skipped = 1;
            }
            left -= skipped;
        }
    }
}
