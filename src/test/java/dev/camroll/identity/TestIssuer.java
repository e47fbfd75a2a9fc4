package dev.camroll.identity;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.interfaces.RSAPrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import org.springframework.core.io.ClassPathResource;
import org.springframework.security.converter.RsaKeyConverters;

/**
 * The external issuer of the production-mode tests: the throwaway key pair in {@code src/test/resources/issuer},
 * tokens signed with it, and, when a test wants one, a real HTTP server publishing its discovery document and key
 * set, or a port that accepts connections and never answers.
 */
final class TestIssuer {

    static final String AUDIENCE = "camroll-api";

    private TestIssuer() {}

    /** Claims that pass every check: this issuer, our audience, a subject, an expiry ten minutes ahead. */
    static JWTClaimsSet.Builder claims(String issuer, String subject) {
        return new JWTClaimsSet.Builder()
                .issuer(issuer)
                .audience(AUDIENCE)
                .subject(subject)
                .issueTime(new Date())
                .expirationTime(Date.from(Instant.now().plusSeconds(600)));
    }

    static String sign(JWTClaimsSet claims) {
        try {
            byte[] der = new ClassPathResource("issuer/test-issuer.pk8").getContentAsByteArray();
            RSAPrivateKey key =
                    (RSAPrivateKey) KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der));
            SignedJWT jwt = new SignedJWT(
                    new JWSHeader.Builder(JWSAlgorithm.RS256)
                            .type(JOSEObjectType.JWT)
                            .build(),
                    claims);
            jwt.sign(new RSASSASigner(key));
            return jwt.serialize();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A port nothing listens on (taken from the OS and released): connecting is refused. */
    static int closedPort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Serves {@code {issuer}/.well-known/openid-configuration} and {@code {issuer}/jwks} on {@code port}; the issuer
     * is {@code http://127.0.0.1:{port}/issuer}.
     */
    static HttpServer serve(int port) {
        try {
            String issuer = "http://127.0.0.1:" + port + "/issuer";
            JWK key = new RSAKey.Builder(RsaKeyConverters.x509()
                            .convert(new ClassPathResource("issuer/test-issuer.pub").getInputStream()))
                    .build();
            String discovery = "{\"issuer\":\"" + issuer + "\",\"jwks_uri\":\"" + issuer + "/jwks\","
                    + "\"subject_types_supported\":[\"public\"],\"id_token_signing_alg_values_supported\":[\"RS256\"]}";
            String jwks = new JWKSet(key).toString();
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 10);
            server.createContext("/issuer/.well-known/openid-configuration", exchange -> answer(exchange, discovery));
            server.createContext("/issuer/jwks", exchange -> answer(exchange, jwks));
            server.start();
            return server;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void answer(com.sun.net.httpserver.HttpExchange exchange, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }

    /** A port that accepts connections, counts them and never answers: it shows whether anyone tried. */
    static final class SilentPort implements AutoCloseable {

        private final ServerSocket server;

        private final AtomicInteger connections = new AtomicInteger();

        private final List<Socket> held = new ArrayList<>();

        SilentPort() {
            try {
                server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Thread acceptor = new Thread(
                    () -> {
                        while (!server.isClosed()) {
                            try {
                                Socket socket = server.accept();
                                connections.incrementAndGet();
                                synchronized (held) {
                                    held.add(socket);
                                }
                            } catch (IOException closed) {
                                return;
                            }
                        }
                    },
                    "silent-issuer");
            acceptor.setDaemon(true);
            acceptor.start();
        }

        int port() {
            return server.getLocalPort();
        }

        int connections() {
            return connections.get();
        }

        @Override
        public void close() throws IOException {
            server.close();
            synchronized (held) {
                for (Socket socket : held) {
                    socket.close();
                }
            }
        }
    }
}
