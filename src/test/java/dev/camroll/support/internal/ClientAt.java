package dev.camroll.support.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A bare HTTP/1.0 client whose connections leave from a chosen loopback address: the service listens on all of
 * 127.0.0.0/8, so one test can be many clients, each seen by the service as its own TCP peer.
 */
final class ClientAt {

    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

    /** An answer: status, headers (names in lower case) and body. */
    record Answer(int status, Map<String, List<String>> headers, String body) {

        String header(String name) {
            List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
            return values == null ? null : values.get(0);
        }

        List<String> cookies() {
            return headers.getOrDefault("set-cookie", List.of());
        }

        /** The {@code name=value} of the cookie {@code name} this answer sets, or null. */
        String cookie(String name) {
            return cookies().stream()
                    .filter(c -> c.startsWith(name + "="))
                    .map(c -> c.split(";")[0])
                    .findFirst()
                    .orElse(null);
        }

        String csrfToken() {
            Matcher token = CSRF.matcher(body);
            return token.find() ? token.group(1) : null;
        }
    }

    private final String localAddress;

    private final int port;

    ClientAt(String localAddress, int port) {
        this.localAddress = localAddress;
        this.port = port;
    }

    Answer get(String path, String cookies) {
        return send("GET", path, cookies, Map.of(), null);
    }

    /** Posts {@code form} (name to value, URL-encoded here) with {@code headers} besides the usual ones. */
    Answer post(String path, String cookies, Map<String, String> form, Map<String, String> headers) {
        StringBuilder body = new StringBuilder();
        form.forEach((name, value) -> body.append(body.isEmpty() ? "" : "&")
                .append(name)
                .append('=')
                .append(URLEncoder.encode(value, StandardCharsets.UTF_8)));
        Map<String, String> all = new LinkedHashMap<>(headers);
        all.put("Content-Type", "application/x-www-form-urlencoded");
        return send("POST", path, cookies, all, body.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** Fetches the sign-in page and posts the form the way a browser does: with the page's CSRF cookie and token. */
    Answer signIn(String username, String password, Map<String, String> headers) {
        Answer page = get("/support/sign-in", null);
        return post(
                "/support/sign-in",
                page.cookie(ConsoleCsrfTokens.COOKIE),
                Map.of("username", username, "password", password, "_csrf", page.csrfToken()),
                headers);
    }

    private Answer send(String method, String path, String cookies, Map<String, String> headers, byte[] body) {
        try (Socket socket = new Socket()) {
            socket.bind(new InetSocketAddress(localAddress, 0));
            socket.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
            socket.setSoTimeout(60_000);
            StringBuilder request =
                    new StringBuilder(method + " " + path + " HTTP/1.0\r\nHost: localhost:" + port + "\r\n");
            if (cookies != null) {
                request.append("Cookie: ").append(cookies).append("\r\n");
            }
            headers.forEach((name, value) ->
                    request.append(name).append(": ").append(value).append("\r\n"));
            if (body != null) {
                request.append("Content-Length: ").append(body.length).append("\r\n");
            }
            request.append("\r\n");
            OutputStream out = socket.getOutputStream();
            out.write(request.toString().getBytes(StandardCharsets.ISO_8859_1));
            if (body != null) {
                out.write(body);
            }
            out.flush();
            InputStream in = socket.getInputStream();
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Answer parse(String raw) {
        int end = raw.indexOf("\r\n\r\n");
        String[] lines = raw.substring(0, end).split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            headers.computeIfAbsent(
                            lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                    .add(lines[i].substring(colon + 1).trim());
        }
        return new Answer(status, headers, raw.substring(end + 4));
    }
}
