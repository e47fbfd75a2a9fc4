package dev.camroll.upload.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A PATCH written byte by byte on a raw socket, so a test can stall it mid-body or cut it off, as a phone that
 * loses its network does.
 */
public final class RawPatch implements AutoCloseable {

    private final Socket socket;

    private final OutputStream out;

    public RawPatch(int port, String path, String token, long offset, long contentLength) {
        this(port, path, token, offset, contentLength, "");
    }

    /** With {@code headers} (each {@code "Name: value\r\n"}) besides the tus ones. */
    RawPatch(int port, String path, String token, long offset, long contentLength, String headers) {
        try {
            socket = new Socket("localhost", port);
            socket.setSoTimeout(30_000);
            out = socket.getOutputStream();
            String head = "PATCH " + path + " HTTP/1.1\r\nHost: localhost:" + port + "\r\n" + headers
                    + "Authorization: Bearer " + token + "\r\nTus-Resumable: 1.0.0\r\nUpload-Offset: " + offset
                    + "\r\nContent-Type: application/offset+octet-stream\r\nContent-Length: " + contentLength
                    + "\r\n\r\n";
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public RawPatch send(byte[] bytes, int from, int to) {
        try {
            out.write(bytes, from, to - from);
            out.flush();
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Ends the body before its announced length but keeps the connection open for the answer, as a client that
     * stops sending does.
     */
    RawPatch stopSending() {
        try {
            socket.shutdownOutput();
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The status line of the answer (after the whole body was sent, or {@link #stopSending}). */
    public String statusLine() {
        try {
            InputStream in = socket.getInputStream();
            StringBuilder line = new StringBuilder();
            for (int c = in.read(); c >= 0 && c != '\n'; c = in.read()) {
                line.append((char) c);
            }
            return line.toString().trim();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether the server has begun to answer (or closed the connection), without waiting. */
    boolean answered() {
        try {
            return socket.getInputStream().available() > 0;
        } catch (IOException e) {
            return true;
        }
    }

    /**
     * The head of the answer: its status line, then its header lines ({@code name: value}) up to the blank line.
     */
    java.util.List<String> answerHead() {
        java.util.List<String> lines = new java.util.ArrayList<>();
        for (String line = statusLine(); !line.isEmpty(); line = statusLine()) {
            lines.add(line);
        }
        return lines;
    }

    /**
     * Whether the server closes the connection (after its answer's body) within 5 s, well within the web server's read
     * timeout: it did not go on reading the rest of the body.
     */
    boolean closedByServer() {
        try {
            socket.setSoTimeout(5_000);
            InputStream in = socket.getInputStream();
            while (in.read() >= 0) {
                // the answer's body
            }
            return true;
        } catch (java.net.SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true; // reset: closed as well
        }
    }

    /** Ends the connection before the announced body is complete, as a phone losing its network does. */
    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
