package dev.camroll.upload;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.Arrays;

/**
 * The body of one PATCH as the staging reads it: every byte read goes, once, into the running whole-file digest
 * (when this request continues it), the chunk checksum (tus checksum extension) and the first bytes of the file;
 * {@link #segment} cuts it into checkpoints without reading ahead.
 */
final class UploadTransfer extends FilterInputStream {

    private final MessageDigest fileDigest;

    private final MessageDigest chunkDigest;

    private final byte[] head;

    private int headLength;

    private long read;

    private boolean ended;

    UploadTransfer(InputStream body, long startOffset, MessageDigest fileDigest, MessageDigest chunkDigest) {
        super(body);
        this.fileDigest = fileDigest;
        this.chunkDigest = chunkDigest;
        this.head = startOffset == 0 ? new byte[ContentSniffer.HEAD_BYTES] : null;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int n = in.read(buffer, offset, length);
        if (n < 0) {
            ended = true;
            return n;
        }
        if (fileDigest != null) {
            fileDigest.update(buffer, offset, n);
        }
        if (chunkDigest != null) {
            chunkDigest.update(buffer, offset, n);
        }
        if (head != null && headLength < head.length) {
            int copy = Math.min(n, head.length - headLength);
            System.arraycopy(buffer, offset, head, headLength, copy);
            headLength += copy;
        }
        read += n;
        return n;
    }

    @Override
    public long skip(long n) {
        throw new UnsupportedOperationException("every byte of an upload is read");
    }

    /** The next at most {@code limit} bytes, as a stream that ends there (the transfer itself goes on). */
    InputStream segment(long limit) {
        return new FilterInputStream(this) {
            private long left = limit;

            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] buffer, int offset, int length) throws IOException {
                if (left <= 0) {
                    return -1;
                }
                int n = in.read(buffer, offset, (int) Math.min(length, left));
                if (n > 0) {
                    left -= n;
                }
                return n;
            }

            @Override
            public void close() {
                // the request body stays open for the next segment
            }
        };
    }

    /** Whether the client's body has ended (as opposed to a segment). */
    boolean ended() {
        return ended;
    }

    long bytesRead() {
        return read;
    }

    /** The file's first bytes when this request started at offset 0, else null. */
    byte[] head() {
        return head == null ? null : Arrays.copyOf(head, headLength);
    }

    MessageDigest fileDigest() {
        return fileDigest;
    }

    MessageDigest chunkDigest() {
        return chunkDigest;
    }
}
