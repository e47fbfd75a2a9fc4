package dev.camroll.client;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.Type;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URL;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.reflect.TypeToken;

/**
 * The requests of every call, on {@link HttpURLConnection} (the one HTTP client Android and the JDK share). Answers
 * of 400 and above become {@link ProblemException}s; a connection that fails becomes a {@link TransportException}.
 */
final class Http {

    private static final int MAX_ERROR_BODY = 64 * 1024;

    private final URI base;

    private final Supplier<String> token;

    private final int connectTimeoutMillis;

    private final int readTimeoutMillis;

    private final String userAgent;

    Http(URI base, Supplier<String> token, int connectTimeoutMillis, int readTimeoutMillis, String userAgent) {
        this.base = base;
        this.token = token;
        this.connectTimeoutMillis = connectTimeoutMillis;
        this.readTimeoutMillis = readTimeoutMillis;
        this.userAgent = userAgent;
    }

    URI base() {
        return base;
    }

    /** The current bearer token, or null. */
    String token() {
        return token.get();
    }

    int connectTimeoutMillis() {
        return connectTimeoutMillis;
    }

    /** A path with its query: {@code path("/v1/media", "cursor", c, "limit", 50)}; null values are left out. */
    static String path(String path, Object... query) {
        StringBuilder out = new StringBuilder(path);
        char separator = '?';
        for (int i = 0; i + 1 < query.length; i += 2) {
            if (query[i + 1] != null) {
                out.append(separator)
                        .append(query[i])
                        .append('=')
                        .append(URLEncoder.encode(String.valueOf(query[i + 1]), StandardCharsets.UTF_8));
                separator = '&';
            }
        }
        return out.toString();
    }

    /** A path segment, percent-encoded. */
    static String segment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    <T> T get(String path, Class<T> type) {
        return json("GET", path, null, Map.of(), type);
    }

    <T> T get(String path, TypeToken<T> type) {
        return json("GET", path, null, Map.of(), type.getType());
    }

    <T> T json(String method, String path, Object body, Map<String, String> headers, Type type) {
        Response response = send(method, path, body, headers, null);
        return type == Void.class || response.body.length == 0 ? null : Json.read(response.body, type);
    }

    /** Streams the answer's body to {@code out}; returns its headers. */
    Response download(String path, OutputStream out) {
        return send("GET", path, null, Map.of(), out);
    }

    Response send(String method, String path, Object body, Map<String, String> headers, OutputStream sink) {
        HttpURLConnection connection = null;
        try {
            connection = open(resolve(path));
            connection.setRequestMethod(method);
            headers.forEach(connection::setRequestProperty);
            if (body != null) {
                byte[] bytes = Json.write(body);
                connection.setDoOutput(true);
                connection.setRequestProperty("Content-Type", "application/json");
                connection.setFixedLengthStreamingMode(bytes.length);
                try (OutputStream out = connection.getOutputStream()) {
                    out.write(bytes);
                }
            }
            int status = connection.getResponseCode();
            Map<String, List<String>> responseHeaders = connection.getHeaderFields();
            if (status >= 400) {
                throw ProblemException.of(problem(status, connection));
            }
            if (sink != null && status != 204 && status != 304) {
                try (InputStream in = connection.getInputStream()) {
                    copy(in, sink);
                }
                return new Response(status, responseHeaders, new byte[0]);
            }
            return new Response(
                    status, responseHeaders, status == 204 || status == 304 ? new byte[0] : readAll(connection));
        } catch (IOException e) {
            throw new TransportException(method + " " + path + " failed: " + e.getMessage(), e);
        } finally {
            if (connection != null) {
                connection.disconnect();
            }
        }
    }

    /** The URL of a path on the service; absolute URLs (for example upload URLs) are taken as they are. */
    URL resolve(String path) throws IOException {
        return (path.startsWith("http://") || path.startsWith("https://") ? URI.create(path) : base.resolve(path))
                .toURL();
    }

    HttpURLConnection open(URL url) throws IOException {
        HttpURLConnection connection = (HttpURLConnection) url.openConnection();
        connection.setConnectTimeout(connectTimeoutMillis);
        connection.setReadTimeout(readTimeoutMillis);
        connection.setInstanceFollowRedirects(false);
        connection.setRequestProperty("User-Agent", userAgent);
        connection.setRequestProperty("Accept", "application/json, application/problem+json, */*");
        String bearer = token.get();
        if (bearer != null && !bearer.trim().isEmpty()) {
            connection.setRequestProperty("Authorization", "Bearer " + bearer);
        }
        return connection;
    }

    private static byte[] readAll(HttpURLConnection connection) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (InputStream in = connection.getInputStream()) {
            copy(in, out);
        }
        return out.toByteArray();
    }

    // By hand: InputStream.transferTo and readAllBytes (Java 9) reached Android only with API 33.
    private static void copy(InputStream in, OutputStream out) throws IOException {
        byte[] buffer = new byte[16 * 1024];
        int n;
        while ((n = in.read(buffer)) >= 0) {
            out.write(buffer, 0, n);
        }
    }

    /** The problem an answer of 400 or above carries (a made-up one when its body is not a problem document). */
    static Problem problem(int status, HttpURLConnection connection) throws IOException {
        byte[] body = new byte[0];
        try (InputStream in = connection.getErrorStream()) {
            if (in != null) {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                byte[] buffer = new byte[8192];
                int n;
                while (out.size() < MAX_ERROR_BODY && (n = in.read(buffer)) > 0) {
                    out.write(buffer, 0, n);
                }
                body = out.toByteArray();
            }
        }
        Map<String, Object> members = new LinkedHashMap<>();
        String type = null;
        String title = null;
        String detail = null;
        try {
            JsonElement tree = body.length == 0 ? null : Json.tree(body);
            if (tree != null && tree.isJsonObject()) {
                JsonObject object = tree.getAsJsonObject();
                Map<String, Object> all = Json.GSON.fromJson(object, new TypeToken<Map<String, Object>>() {}.getType());
                type = text(all.remove("type"));
                title = text(all.remove("title"));
                detail = text(all.remove("detail"));
                all.remove("status");
                members.putAll(all);
            }
        } catch (JsonParseException notJson) {
            detail = new String(body, StandardCharsets.UTF_8);
        }
        String retryAfter = connection.getHeaderField("Retry-After");
        if (retryAfter != null && !members.containsKey("retryAfterSeconds")) {
            members.put("retryAfterSeconds", retryAfter);
        }
        if (type == null) {
            type = "about:blank";
            title = connection.getResponseMessage();
        }
        return new Problem(type, title, status, detail, members);
    }

    private static String text(Object value) {
        return value == null ? null : String.valueOf(value);
    }

    /** An answer: its status, headers and (unless it was streamed elsewhere) body. */
    record Response(int status, Map<String, List<String>> headers, byte[] body) {

        String header(String name) {
            for (Map.Entry<String, List<String>> header : headers.entrySet()) {
                if (header.getKey() != null
                        && header.getKey().equalsIgnoreCase(name)
                        && !header.getValue().isEmpty()) {
                    return header.getValue().get(0);
                }
            }
            return null;
        }
    }
}
