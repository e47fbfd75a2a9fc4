package dev.camroll.upload.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One request of the IETF draft "Resumable Uploads for HTTP" on a raw socket, as URLSession plays it: the head goes
 * first, the interim responses can be read while the body is still to come, and the body can be cut off anywhere.
 * Every response of the exchange is kept, interim ones included, in the order they came.
 */
final class DraftExchange implements AutoCloseable {

    /** A response as it came over the wire; {@code body} is empty for interim responses and HEAD. */
    record Response(int status, String reason, Map<String, String> headers, String body) {

        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        boolean isInterim() {
            return status >= 100 && status < 200;
        }

        @Override
        public String toString() {
            return status + " " + reason + " " + headers + " " + body;
        }
    }

    private final Socket socket;

    private final OutputStream out;

    private final InputStream in;

    private final String method;

    private final List<Response> responses = new ArrayList<>();

    /** Sends the request line and the headers (each {@code "Name: value"}); {@code Content-Length} when not negative. */
    DraftExchange(int port, String method, String path, long contentLength, String... headers) {
        this.method = method;
        try {
            socket = new Socket("localhost", port);
            socket.setSoTimeout(30_000);
            out = socket.getOutputStream();
            in = socket.getInputStream();
            StringBuilder head =
                    new StringBuilder(method + " " + path + " HTTP/1.1\r\nHost: localhost:" + port + "\r\n");
            for (String header : headers) {
                head.append(header).append("\r\n");
            }
            if (contentLength >= 0) {
                head.append("Content-Length: ").append(contentLength).append("\r\n");
            }
            head.append("Connection: close\r\n\r\n");
            out.write(head.toString().getBytes(StandardCharsets.US_ASCII));
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sends body bytes; a server that answered early and closed makes the rest go nowhere, and its answer is read. */
    DraftExchange send(byte[] bytes, int from, int to) {
        try {
            out.write(bytes, from, to - from);
            out.flush();
        } catch (IOException e) {
            // refused before the body was read (the answer says why)
        }
        return this;
    }

    DraftExchange send(byte[] bytes) {
        return send(bytes, 0, bytes.length);
    }

    /** The next response, interim or final. */
    Response next() {
        try {
            Response response = read();
            responses.add(response);
            return response;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads up to the final response and answers it; {@link #responses} then holds the interim ones before it. */
    Response last() {
        Response response;
        do {
            response = next();
        } while (response.isInterim());
        return response;
    }

    List<Response> responses() {
        return responses;
    }

    /** Ends the connection with the body unfinished, as a phone losing its network does. */
    void cut() {
        close();
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Response read() throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int last4 = 0;
        while (last4 != 0x0d0a0d0a) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("the connection ended before a response: " + head);
            }
            head.write(b);
            last4 = (last4 << 8) | b;
        }
        String[] lines = head.toString(StandardCharsets.ISO_8859_1).split("\r\n");
        String[] statusLine = lines[0].split(" ", 3);
        int status = Integer.parseInt(statusLine[1]);
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            headers.put(
                    lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
                    lines[i].substring(colon + 1).trim());
        }
        String body = "";
        if (status >= 200 && !method.equals("HEAD") && status != 204 && status != 304) {
            String length = headers.get("content-length");
            if (length != null) {
                body = new String(in.readNBytes(Integer.parseInt(length)), StandardCharsets.UTF_8);
            } else if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
                body = dechunk();
            } else {
                body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        }
        return new Response(status, statusLine.length > 2 ? statusLine[2] : "", headers, body);
    }

    private String dechunk() throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            StringBuilder line = new StringBuilder();
            for (int b; (b = in.read()) != '\n'; ) {
                if (b < 0) {
                    throw new IOException("the chunked body ended early");
                }
                line.append((char) b);
            }
            int size = Integer.parseInt(line.toString().trim().split(";")[0], 16);
            if (size == 0) {
                in.readNBytes(2);
                return body.toString(StandardCharsets.UTF_8);
            }
            body.write(in.readNBytes(size));
            in.readNBytes(2);
        }
    }
}
