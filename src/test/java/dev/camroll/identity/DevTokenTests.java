package dev.camroll.identity;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import dev.camroll.testing.Api;
import dev.camroll.testing.EndToEndTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.request.RequestPostProcessor;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.context.WebApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.setup.SecurityMockMvcConfigurers.springSecurity;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * {@code POST /dev/tokens} of the embedded mode, played by the clients that must get nothing: a caller on another
 * machine, one behind a same-host proxy, a web page whose DNS name was rebound to 127.0.0.1, and a local caller
 * who cannot read the data directory.
 */
class DevTokenTests extends EndToEndTest {

    static final Map<String, Object> ADMIN_PLEASE = Map.of("sub", "mallory", "roles", List.of("admin"));

    @Autowired
    WebApplicationContext context;

    @Test
    void theLocalIssuerHandsOutWorkingTokensToWhoeverHoldsTheSecret() {
        Api.Response issued = api.devToken(
                        settings.dataDir(), Map.of("sub", "dev-user", "roles", List.of("support"), "ttlSeconds", 600))
                .send();

        assertThat(issued.status()).isEqualTo(200);
        String token = issued.json().path("token").asString();
        assertThat(give(token, "cloud_processing").status()).isEqualTo(200);
        assertThat(api.get("/v1/support/users/dev-user/consent")
                        .token(token)
                        .header("X-Access-Reason", "TICKET-2 dev token check")
                        .send()
                        .status())
                .isEqualTo(200);
    }

    @Test
    void aSubjectTheDatabaseCannotStoreGetsNoToken() {
        for (String sub : List.of("nul\\u0000here", "lone\\ud800surrogate")) { // JSON escapes, sent as written
            Api.Response refused = api.devToken(settings.dataDir(), "{\"sub\":\"" + sub + "\"}")
                    .send();

            assertThat(refused.status()).as(sub).isEqualTo(400);
            assertThat(refused.problem()).isEqualTo("invalid-request");
            assertThat(refused.body()).doesNotContain("\"token\"");
        }
    }

    @Test
    void aLoopbackCallerWithoutTheSecretGetsNoToken() throws IOException {
        String wrong = new StringBuilder(secret()).reverse().toString();
        for (Api.Request attempt : List.of(
                api.post("/dev/tokens", ADMIN_PLEASE),
                api.post("/dev/tokens", ADMIN_PLEASE).header("X-Dev-Token-Secret", ""),
                api.post("/dev/tokens", ADMIN_PLEASE).header("X-Dev-Token-Secret", wrong),
                api.post("/dev/tokens", ADMIN_PLEASE).header("X-Dev-Token-Secret", secret().substring(1)),
                api.request("GET", "/dev/tokens"))) {
            Api.Response refused = attempt.send();

            assertThat(refused.status()).isEqualTo(403);
            assertThat(refused.header("Content-Type")).startsWith("application/problem+json");
            assertThat(refused.problem()).isEqualTo("forbidden");
            assertThat(refused.json().path("detail").asString()).contains("X-Dev-Token-Secret", "dev-token.secret");
            assertNothingLeaks(refused);
        }
    }

    @Test
    void aRequestThroughASameHostProxyThatAddsNoHeaderGetsNoTokenWithoutTheSecret() throws IOException {
        try (Forwarder proxy = new Forwarder(port)) {
            Api throughProxy = new Api(proxy.port());

            Api.Response refused =
                    throughProxy.post("/dev/tokens", ADMIN_PLEASE).send();
            Api.Response refusedGet = throughProxy.request("GET", "/dev/tokens").send();
            Api.Response owner = throughProxy
                    .devToken(settings.dataDir(), Map.of("sub", "owner"))
                    .send();

            assertThat(proxy.connections())
                    .as("the requests went through the proxy")
                    .isGreaterThanOrEqualTo(1);
            for (Api.Response response : List.of(refused, refusedGet)) {
                assertThat(response.status())
                        .as("it looks local: TCP peer 127.0.0.1, no forwarding header")
                        .isEqualTo(403);
                assertThat(response.problem()).isEqualTo("forbidden");
                assertNothingLeaks(response);
            }
            assertThat(owner.status())
                    .as("the owner, who can read the secret, may use a tunnel")
                    .isEqualTo(200);
        }
    }

    @Test
    void aForeignHostIsRefusedEvenWithTheSecret() throws IOException {
        for (String host : List.of(
                "evil.example",
                "evil.example:" + port,
                "localhost.evil.example",
                "127.0.0.1.nip.io:" + port,
                "0.0.0.0",
                "0.0.0.0:" + port)) {
            RawAnswer answer = rawPost("HTTP/1.1", host, secret());

            assertThat(answer.status()).as(host).isEqualTo(421);
            assertThat(answer.text())
                    .as(host)
                    .contains("application/problem+json", "/problems/misdirected-request")
                    .doesNotContain("\"token\"");
        }
        assertThat(rawPost("HTTP/1.0", null, secret()).status())
                .as("no Host at all")
                .isEqualTo(421);
    }

    @Test
    void theServicesOwnNamesAreAcceptedWithOrWithoutPort() throws IOException {
        for (String host : List.of(
                "localhost",
                "localhost:" + port,
                "LocalHost:" + port,
                "127.0.0.1:" + port,
                "[::1]:" + port,
                "[::1]",
                "localhost:9999")) {
            RawAnswer answer = rawPost("HTTP/1.1", host, secret());

            assertThat(answer.status()).as(host).isEqualTo(200);
            assertThat(answer.text()).as(host).contains("\"token\"");
        }
    }

    @Test
    void theSecretFileIsReadableAndWritableByTheServiceUserOnly() throws IOException {
        Path file = settings.dataDir().resolve("dev-token.secret");

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-------");
        assertThat(secret()).as("256 random bits, base64url").matches("[A-Za-z0-9_-]{43}");
    }

    @Test
    void theLocalIssuerDoesNotExistForRemoteCallersWhateverTheySend() throws Exception {
        MockMvc mvc = MockMvcBuilders.webAppContextSetup(context)
                .apply(springSecurity())
                .build();
        RequestPostProcessor remote = request -> {
            request.setRemoteAddr("203.0.113.7");
            return request;
        };

        for (MockHttpServletRequestBuilder attempt : List.of(
                post("/dev/tokens")
                        .contentType("application/json")
                        .content("{\"sub\":\"mallory\",\"roles\":[\"admin\"]}")
                        .header("X-Dev-Token-Secret", secret()),
                post("/dev/tokens").contentType("application/json").content("{not json"),
                post("/dev/tokens").contentType("text/plain").content("sub=mallory"),
                get("/dev/tokens"))) {
            mvc.perform(attempt.with(remote))
                    .andExpect(status().isNotFound())
                    .andExpect(content().contentTypeCompatibleWith("application/problem+json"))
                    .andExpect(jsonPath("$.type").value("https://camroll.dev/problems/not-found"));
        }
    }

    @Test
    void aRequestThatPassedAProxyGetsNoTokenEvenFromLoopbackWithTheSecret() throws IOException {
        for (String header : List.of("X-Forwarded-For", "Forwarded", "X-Real-IP", "X-Forwarded-Host")) {
            Api.Response forwarded = api.devToken(settings.dataDir(), ADMIN_PLEASE)
                    .header(header, header.equals("Forwarded") ? "for=127.0.0.1" : "127.0.0.1")
                    .send();
            assertThat(forwarded.status()).as(header).isEqualTo(404);
            assertThat(forwarded.body()).doesNotContain("token\"");
        }
    }

    @Test
    void theOpenApiDocumentDescribesThePostWithItsSecretAndRefusals() {
        var operations = api.get("/v3/api-docs").send().json().path("paths").path("/dev/tokens");
        var post = operations.path("post");

        assertThat(operations.propertyNames()).containsExactly("post");
        assertThat(post.path("parameters").get(0).path("name").asString()).isEqualTo("X-Dev-Token-Secret");
        assertThat(post.path("parameters").get(0).path("required").asBoolean()).isTrue();
        assertThat(post.path("responses").propertyNames()).contains("200", "403", "404", "421");
    }

    private void assertNothingLeaks(Api.Response refused) throws IOException {
        assertThat(refused.body())
                .doesNotContain("\"token\"", secret(), settings.dataDir().toString());
        assertThat(refused.header("Set-Cookie")).isNull();
    }

    private String secret() throws IOException {
        return Files.readString(settings.dataDir().resolve("dev-token.secret")).strip();
    }

    record RawAnswer(int status, String text) {}

    /** A POST written byte by byte, so the Host header is whatever the test says (java.net.http will not). */
    private RawAnswer rawPost(String version, String host, String secret) throws IOException {
        byte[] body = "{\"sub\":\"mallory\",\"roles\":[\"admin\"]}".getBytes(StandardCharsets.UTF_8);
        StringBuilder head =
                new StringBuilder("POST /dev/tokens ").append(version).append("\r\n");
        if (host != null) {
            head.append("Host: ").append(host).append("\r\n");
        }
        head.append("Content-Type: application/json\r\nX-Dev-Token-Secret: ")
                .append(secret)
                .append("\r\nContent-Length: ")
                .append(body.length)
                .append("\r\nConnection: close\r\n\r\n");
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
            out.write(body);
            out.flush();
            String text = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            return new RawAnswer(Integer.parseInt(text.split(" ", 3)[1]), text);
        }
    }

    /**
     * A same-host TCP forwarder that adds nothing, as {@code ssh -L} or a stream proxy does: to the service every
     * request comes from 127.0.0.1, without a forwarding header.
     */
    static final class Forwarder implements AutoCloseable {

        private final ServerSocket server;

        private final AtomicInteger connections = new AtomicInteger();

        Forwarder(int target) throws IOException {
            server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            Thread acceptor = new Thread(
                    () -> {
                        while (!server.isClosed()) {
                            try {
                                Socket client = server.accept();
                                connections.incrementAndGet();
                                Socket upstream = new Socket(InetAddress.getLoopbackAddress(), target);
                                pipe(client, upstream);
                                pipe(upstream, client);
                            } catch (IOException closed) {
                                return;
                            }
                        }
                    },
                    "forwarder-accept");
            acceptor.setDaemon(true);
            acceptor.start();
        }

        int port() {
            return server.getLocalPort();
        }

        int connections() {
            return connections.get();
        }

        private static void pipe(Socket from, Socket to) {
            Thread pipe = new Thread(
                    () -> {
                        try (InputStream in = from.getInputStream();
                                OutputStream out = to.getOutputStream()) {
                            in.transferTo(out);
                        } catch (IOException ended) {
                            // one side closed; closing both below ends the other direction too
                        } finally {
                            closeQuietly(from);
                            closeQuietly(to);
                        }
                    },
                    "forwarder-pipe");
            pipe.setDaemon(true);
            pipe.start();
        }

        private static void closeQuietly(Socket socket) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // already closed
            }
        }

        @Override
        public void close() {
            try {
                server.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
