package dev.camroll.benchmark;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;

/**
 * One HTTP/1.1 keep-alive connection on a blocking socket, for the request benchmarks' load: the request is a
 * prepared byte array written in one call, the answer is read into a reused buffer and its body skipped unless asked
 * for. That costs the client a few microseconds a request; {@link java.net.http.HttpClient} hands each answer from
 * its selector thread to the caller, which on 2 shared cores takes CPU from the service being measured. Reconnects
 * when the server closes (Tomcat does after {@code maxKeepAliveRequests}, 100 by default), as any client must.
 */
final class KeepAliveConnection implements AutoCloseable {

    /** An answer: its status and, when asked for, its body (ASCII/UTF-8 text). */
    record Answer(int status, String body) {}

    private final InetSocketAddress address;

    private final byte[] buffer = new byte[16 * 1024];

    private int position;

    private int limit;

    private byte[] body = new byte[4 * 1024];

    private Socket socket;

    private InputStream in;

    private OutputStream out;

    private int connects;

    KeepAliveConnection(URI base) {
        this.address = new InetSocketAddress(base.getHost(), base.getPort());
    }

    /** How many TCP connections this one has opened so far. */
    int connects() {
        return connects;
    }

    /** A request with no body, as bytes for {@link #exchange}. */
    static byte[] request(String method, URI base, String path, String token) {
        return request(method, base, path, token, null);
    }

    /** A request with a JSON body (or none when {@code json} is null), as bytes for {@link #exchange}. */
    static byte[] request(String method, URI base, String path, String token, String json) {
        StringBuilder head = new StringBuilder()
                .append(method)
                .append(' ')
                .append(path)
                .append(" HTTP/1.1\r\nHost: ")
                .append(base.getHost())
                .append(':')
                .append(base.getPort())
                .append("\r\nAccept: application/json\r\n");
        if (token != null) {
            head.append("Authorization: Bearer ").append(token).append("\r\n");
        }
        byte[] content = json == null ? new byte[0] : json.getBytes(StandardCharsets.UTF_8);
        if (json != null) {
            head.append("Content-Type: application/json\r\nContent-Length: ")
                    .append(content.length)
                    .append("\r\n");
        }
        head.append("\r\n");
        byte[] start = head.toString().getBytes(StandardCharsets.UTF_8);
        byte[] request = Arrays.copyOf(start, start.length + content.length);
        System.arraycopy(content, 0, request, start.length, content.length);
        return request;
    }

    /** Sends the request and reads its answer; the body is kept only when {@code keepBody}. */
    Answer exchange(byte[] request, boolean keepBody) throws IOException {
        if (socket == null) {
            connect();
        }
        try {
            out.write(request);
            out.flush();
            return readAnswer(keepBody);
        } catch (IOException e) {
            close();
            throw e;
        }
    }

    private void connect() throws IOException {
        socket = new Socket();
        socket.setTcpNoDelay(true);
        socket.connect(address, 10_000);
        socket.setSoTimeout(60_000);
        in = socket.getInputStream();
        out = socket.getOutputStream();
        position = 0;
        limit = 0;
        connects++;
    }

    private Answer readAnswer(boolean keepBody) throws IOException {
        String statusLine = line();
        // "HTTP/1.1 200 " or "HTTP/1.1 200 OK"
        int status = Integer.parseInt(statusLine.substring(9, 12));
        long length = -1;
        boolean chunked = false;
        boolean closes = false;
        for (String header = line(); !header.isEmpty(); header = line()) {
            int colon = header.indexOf(':');
            String name = header.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = header.substring(colon + 1).trim();
            switch (name) {
                case "content-length" -> length = Long.parseLong(value);
                case "transfer-encoding" ->
                    chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
                case "connection" -> closes = value.equalsIgnoreCase("close");
                default -> {}
            }
        }
        int kept = 0;
        if (chunked) {
            for (long size = Long.parseLong(chunkSize(line()), 16);
                    size > 0;
                    size = Long.parseLong(chunkSize(line()), 16)) {
                kept = content(size, keepBody, kept);
                line(); // the CRLF after the chunk
            }
            while (!line().isEmpty()) {
                // trailers
            }
        } else if (length > 0) {
            kept = content(length, keepBody, kept);
        } else if (length < 0 && status >= 200 && status != 204 && status != 304) {
            throw new IOException("an answer with neither Content-Length nor chunked encoding");
        }
        if (closes) {
            close();
        }
        return new Answer(status, keepBody ? new String(body, 0, kept, StandardCharsets.UTF_8) : null);
    }

    private static String chunkSize(String line) {
        int extension = line.indexOf(';');
        return (extension < 0 ? line : line.substring(0, extension)).trim();
    }

    /** Reads {@code size} bytes of body, appending them to {@link #body} at {@code kept} when asked to. */
    private int content(long size, boolean keep, int kept) throws IOException {
        long left = size;
        while (left > 0) {
            if (position == limit) {
                fill();
            }
            int n = (int) Math.min(left, limit - position);
            if (keep) {
                if (kept + n > body.length) {
                    body = Arrays.copyOf(body, Math.max(body.length * 2, kept + n));
                }
                System.arraycopy(buffer, position, body, kept, n);
                kept += n;
            }
            position += n;
            left -= n;
        }
        return kept;
    }

    /** A header line without its CRLF (headers are ASCII). */
    private String line() throws IOException {
        StringBuilder line = new StringBuilder(64);
        while (true) {
            if (position == limit) {
                fill();
            }
            byte b = buffer[position++];
            if (b == '\n') {
                int end = line.length();
                return end > 0 && line.charAt(end - 1) == '\r' ? line.substring(0, end - 1) : line.toString();
            }
            line.append((char) (b & 0xff));
        }
    }

    private void fill() throws IOException {
        int n = in.read(buffer);
        if (n < 0) {
            throw new EOFException("the server closed the connection");
        }
        position = 0;
        limit = n;
    }

    @Override
    public void close() {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing anyway
            }
            socket = null;
        }
    }
}
