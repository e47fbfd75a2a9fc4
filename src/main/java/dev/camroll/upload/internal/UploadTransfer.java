package dev.camroll.upload.internal;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.security.MessageDigest;
import java.util.ArrayDeque;
import java.util.Iterator;

import dev.camroll.upload.UploadSettings;
import org.jspecify.annotations.Nullable;

/**
 * The body of one PATCH as the staging reads it: every byte read goes, once, into the running whole-file digest
 * (when this request continues it) and the chunk checksum (tus checksum extension); {@link #segment} cuts it into
 * checkpoints without reading ahead; {@link #abort} stops a request whose upload ended meanwhile. A body that
 * arrives below the minimum rate fails its next read ({@link #tooSlow}), so the bytes read until then are staged and
 * the request thread is freed.
 */
final class UploadTransfer extends FilterInputStream {

    /** Samples of the bytes read are taken at most this many times per window: enough to count the last window. */
    private static final int SAMPLES_PER_WINDOW = 16;

    /** How a body that is too slow fails its read. */
    static final class TooSlow extends IOException {
        TooSlow(String message) {
            super(message);
        }
    }

    private final @Nullable MessageDigest fileDigest;

    private final @Nullable MessageDigest chunkDigest;

    private long read;

    private boolean ended;

    private volatile boolean aborted;

    private final long minBytes;

    private final long windowNanos;

    private final long judgedFrom;

    /**
     * Nanoseconds spent waiting in the client's reads: the clock the rate is judged by, so time the server spends
     * storing a checkpoint (an fsync, an S3 part) never counts against the client.
     */
    private long waited;

    /** (waited, bytes read by then), oldest first; the first is the newest taken at or before the window's start. */
    private final ArrayDeque<long[]> samples = new ArrayDeque<>();

    private boolean tooSlow;

    UploadTransfer(
            InputStream body,
            @Nullable MessageDigest fileDigest,
            @Nullable MessageDigest chunkDigest,
            UploadSettings.MinRate minRate) {
        super(body);
        this.fileDigest = fileDigest;
        this.chunkDigest = chunkDigest;
        this.minBytes = minRate.bytes().toBytes();
        this.windowNanos = Math.max(1, minRate.window().toNanos());
        this.judgedFrom = minRate.grace().toNanos() + windowNanos;
        samples.add(new long[] {0, 0});
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
        // Judged before reading, never after: bytes already read are always handed on (and digested) first.
        judgeRate();
        int n;
        long before = System.nanoTime();
        try {
            n = in.read(buffer, offset, length);
        } catch (IOException e) {
            if (isReadTimeout(e)) {
                // The client sent nothing for the web server's whole read timeout: the slowest rate there is.
                tooSlow = true;
            }
            throw e;
        } finally {
            waited += System.nanoTime() - before;
        }
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

    /**
     * Fails when, from grace plus one window of waiting on the client on, the last window brought fewer than the
     * minimum bytes. Samples are kept coarse (a sixteenth of a window apart), so the count may include up to a
     * sixteenth of a window more than the window: it errs towards the client.
     */
    private void judgeRate() throws TooSlow {
        long now = waited;
        if (now - samples.getLast()[0] >= windowNanos / SAMPLES_PER_WINDOW) {
            samples.addLast(new long[] {now, read});
        }
        long windowStart = now - windowNanos;
        while (samples.size() > 1 && second(samples)[0] <= windowStart) {
            samples.removeFirst();
        }
        if (now - judgedFrom >= 0 && read - samples.getFirst()[1] < minBytes) {
            tooSlow = true;
            throw new TooSlow("the body arrived below the minimum rate");
        }
    }

    private static long[] second(ArrayDeque<long[]> samples) {
        Iterator<long[]> oldestFirst = samples.iterator();
        oldestFirst.next();
        return oldestFirst.next();
    }

    private static boolean isReadTimeout(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof SocketTimeoutException) {
                return true;
            }
        }
        return false;
    }

    /** Whether this request was cut off because its body arrived below the minimum rate (or not at all). */
    boolean tooSlow() {
        return tooSlow;
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

    @Nullable
    MessageDigest fileDigest() {
        return fileDigest;
    }

    @Nullable
    MessageDigest chunkDigest() {
        return chunkDigest;
    }
}
