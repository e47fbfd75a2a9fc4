package dev.camroll.upload;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;

/**
 * The body of one PATCH as the staging reads it: every byte read goes, once, into the running whole-file digest
 * (when this request continues it) and the chunk checksum (tus checksum extension); {@link #segment} cuts it into
 * checkpoints without reading ahead; {@link #abort} stops a request whose upload ended meanwhile.
 */
final class UploadTransfer extends FilterInputStream {

    private final MessageDigest fileDigest;

    private final MessageDigest chunkDigest;

    private long read;

    private boolean ended;

    private volatile boolean aborted;

    UploadTransfer(InputStream body, MessageDigest fileDigest, MessageDigest chunkDigest) {
        super(body);
        this.fileDigest = fileDigest;
        this.chunkDigest = chunkDigest;
    }

    /** The upload ended while this request streams: its next read fails, as if the client were cut off. */
    void abort() {
        aborted = true;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        if (aborted) {
            throw new IOException("the upload ended while this request was writing to it");
        }
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

    MessageDigest fileDigest() {
        return fileDigest;
    }

    MessageDigest chunkDigest() {
        return chunkDigest;
    }
}
