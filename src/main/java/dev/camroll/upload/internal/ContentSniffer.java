package dev.camroll.upload.internal;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.Locale;

import com.drew.imaging.FileType;
import com.drew.imaging.FileTypeDetector;
import org.jspecify.annotations.Nullable;

/**
 * What a file really is, from its first bytes (metadata-extractor's detector knows JPEG, PNG, GIF, WebP, the
 * ISO-BMFF family HEIF/MP4 and QuickTime), whatever the app said it was.
 */
final class ContentSniffer {

    /** Enough for every signature the detector reads, the ISO-BMFF brand included. */
    static final int HEAD_BYTES = 64;

    private ContentSniffer() {}

    /** The MIME type the bytes show, or null when they show none we know. */
    static @Nullable String mimeType(byte @Nullable [] head) {
        if (head == null || head.length == 0) {
            return null;
        }
        try {
            FileType type = FileTypeDetector.detectFileType(new BufferedInputStream(
                    new ByteArrayInputStream(Arrays.copyOf(head, Math.max(head.length, HEAD_BYTES)))));
            return type.getMimeType() == null ? null : type.getMimeType().toLowerCase(Locale.ROOT);
        } catch (IOException e) {
            return null;
        }
    }

    /**
     * The type to record for a file the app announced as {@code announced}: the sniffed type, where HEIC and its
     * container format HEIF count as the same (the detector names both HEIF).
     */
    static @Nullable String reconcile(String announced, @Nullable String sniffed) {
        if ("image/heif".equals(sniffed) && "image/heic".equalsIgnoreCase(announced)) {
            return "image/heic";
        }
        return sniffed;
    }
}
