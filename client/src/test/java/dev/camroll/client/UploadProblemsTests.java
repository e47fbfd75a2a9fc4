package dev.camroll.client;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * A refused {@code PATCH} reaches the caller as the service's problem although tus-java-client drops the answer's
 * body: {@code 409 upload-busy} (wait, then resume) must not look like any other refusal. The server here answers
 * as the service does, over real HTTP.
 */
class UploadProblemsTests {

    private HttpServer server;

    private volatile int status;

    private volatile String[] headers = {};

    @TempDir
    Path dir;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/v1/uploads/", this::answer);
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private void answer(HttpExchange exchange) throws IOException {
        try (InputStream body = exchange.getRequestBody()) {
            body.readAllBytes();
        }
        exchange.getResponseHeaders().set("Tus-Resumable", "1.0.0");
        if (exchange.getRequestMethod().equals("HEAD")) {
            exchange.getResponseHeaders().set("Upload-Offset", "0");
            exchange.getResponseHeaders().set("Upload-Length", "5");
            exchange.sendResponseHeaders(200, -1);
        } else {
            for (int i = 0; i < headers.length; i += 2) {
                exchange.getResponseHeaders().set(headers[i], headers[i + 1]);
            }
            byte[] problem = ("{\"type\":\"https://camroll.dev/problems/x\",\"status\":" + status + "}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/problem+json");
            exchange.sendResponseHeaders(status, problem.length);
            exchange.getResponseBody().write(problem);
        }
        exchange.close();
    }

    private ProblemException refused(int status, String... headers) throws IOException {
        this.status = status;
        this.headers = headers;
        Path file = Files.writeString(dir.resolve("photo.jpg"), "12345");
        CamrollClient client = CamrollClient.builder(
                        "http://127.0.0.1:" + server.getAddress().getPort())
                .token("t")
                .build();
        return catchThrowableOfType(
                ProblemException.class,
                () -> client.uploads().upload("/v1/uploads/u1", file, (offset, size, sent) -> {}));
    }

    @Test
    void aBusyUploadSaysSoWithItsRetryAfter() throws IOException {
        ProblemException busy = refused(409, "Retry-After", "1");

        assertThat(busy.slug()).isEqualTo("upload-busy");
        assertThat(busy.problem().member("retryAfterSeconds")).isEqualTo("1");
    }

    @Test
    void anOffsetMismatchIsNotABusyUpload() throws IOException {
        assertThat(refused(409, "Upload-Offset", "3").slug()).isEqualTo("offset-mismatch");
    }

    @Test
    void aWithdrawalIsConsentRequiredAndAnExpiryIsGone() throws IOException {
        assertThat(((ProblemException.Forbidden) refused(403)).consentRequired())
                .isTrue();
        assertThat(refused(410).slug()).isEqualTo("upload-gone");
        assertThat(refused(503, "Retry-After", "10")).isInstanceOf(ProblemException.Unavailable.class);
    }
}
