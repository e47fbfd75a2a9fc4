package dev.camroll.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A real HTTP client for the service under test (java.net.http): what a phone or curl would send. */
public final class Api {

    public static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpClient http = HttpClient.newBuilder()
            .connectTimeout(java.time.Duration.ofSeconds(10))
            .build();

    private final String base;

    public Api(int port) {
        this.base = "http://localhost:" + port;
    }

    public Request get(String path) {
        return new Request("GET", path);
    }

    public Request put(String path, Object body) {
        return new Request("PUT", path).json(body);
    }

    public Request post(String path, Object body) {
        return new Request("POST", path).json(body);
    }

    public Request request(String method, String path) {
        return new Request(method, path);
    }

    /**
     * {@code POST /dev/tokens} with {@code body}, carrying the secret the service wrote to {@code dataDir}, as a
     * developer on the machine sends it.
     */
    public Request devToken(java.nio.file.Path dataDir, Object body) {
        try {
            String secret = java.nio.file.Files.readString(dataDir.resolve("dev-token.secret"))
                    .strip();
            return post("/dev/tokens", body).header("X-Dev-Token-Secret", secret);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    public final class Request {

        private final String method;

        private final String path;

        private final Map<String, String> headers = new LinkedHashMap<>();

        private byte[] body;

        private boolean chunked;

        Request(String method, String path) {
            this.method = method;
            this.path = path;
        }

        public String method() {
            return method;
        }

        /** The path with its query, as sent. */
        public String path() {
            return path;
        }

        public Request token(String token) {
            return header("Authorization", "Bearer " + token);
        }

        public Request header(String name, String value) {
            headers.put(name, value);
            return this;
        }

        /** A JSON body: a String is sent as it is (so it can be malformed), anything else is serialized. */
        public Request json(Object value) {
            headers.putIfAbsent("Content-Type", "application/json");
            body = value instanceof String raw
                    ? raw.getBytes(java.nio.charset.StandardCharsets.UTF_8)
                    : JSON.writeValueAsBytes(value);
            return this;
        }

        /** A raw body, sent as it is, with whatever Content-Type the caller set. */
        public Request bytes(byte[] raw) {
            body = raw;
            return this;
        }

        /** Sends the body without a Content-Length (chunked transfer), as streaming clients do. */
        public Request chunked() {
            chunked = true;
            return this;
        }

        private HttpRequest build() {
            HttpRequest.BodyPublisher publisher = body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : chunked
                            ? HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(body))
                            : HttpRequest.BodyPublishers.ofByteArray(body);
            // A hung request fails the test instead of hanging the build.
            HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(base + path))
                    .timeout(java.time.Duration.ofSeconds(60))
                    .method(method, publisher);
            headers.forEach(builder::header);
            return builder.build();
        }

        /** Sends the request and keeps the answer's body as bytes (images). */
        public byte[] sendForBytes() {
            try {
                return http.send(build(), HttpResponse.BodyHandlers.ofByteArray())
                        .body();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        public Response send() {
            try {
                HttpResponse<String> response = http.send(build(), HttpResponse.BodyHandlers.ofString());
                return new Response(response.statusCode(), response.headers(), response.body());
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    /** An answer: status, headers and body, with the body readable as JSON. */
    public record Response(int status, java.net.http.HttpHeaders headers, String body) {

        public JsonNode json() {
            return JSON.readTree(body);
        }

        public String header(String name) {
            return headers.firstValue(name).orElse(null);
        }

        /** The slug of a problem document's type ({@code .../problems/<slug>}). */
        public String problem() {
            String type = json().path("type").asString();
            return type.substring(type.lastIndexOf('/') + 1);
        }

        @Override
        public String toString() {
            return status + " " + body;
        }
    }
}
