package dev.camroll.support.internal;

import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ValveBase;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * The client address a console sign-in is counted under. It is the TCP peer of the connection, unless the operator
 * set {@code server.forward-headers-strategy} ({@code native} or {@code framework}): only then is the address a
 * proxy forwarded trusted. Spring Boot also turns Tomcat's RemoteIpValve on by itself when it detects a cloud
 * platform such as Kubernetes; that is not the operator's choice, and a proxy that passes a client's own
 * {@code X-Forwarded-For} through would let every guess come from a new address, so the peer counts there too.
 *
 * <p>An IPv6 client counts by its /64: one host usually has a whole /64 to pick addresses from.
 */
@Component
class ClientAddresses implements WebServerFactoryCustomizer<TomcatServletWebServerFactory> {

    /** The request attribute the valve puts the connection's peer address in, before any RemoteIpValve. */
    static final String PEER = ClientAddresses.class.getName() + ".peer";

    private static final Logger log = LoggerFactory.getLogger(ClientAddresses.class);

    private static final Pattern IPV4 =
            Pattern.compile("((25[0-5]|2[0-4]\\d|1?\\d?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1?\\d?\\d)");

    private final boolean forwardedTrusted;

    private final AtomicBoolean proxyWarned = new AtomicBoolean();

    ClientAddresses(Environment environment) {
        String strategy = environment.getProperty("server.forward-headers-strategy", "none");
        this.forwardedTrusted = !"none".equalsIgnoreCase(strategy.strip());
    }

    @Override
    public void customize(TomcatServletWebServerFactory factory) {
        factory.addEngineValves(new PeerAddressValve());
    }

    /** The key the sign-in throttle counts this request's client under. */
    String of(HttpServletRequest request) {
        String address = forwardedTrusted ? request.getRemoteAddr() : peer(request);
        if (!forwardedTrusted
                && request.getHeader("X-Forwarded-For") != null
                && proxyWarned.compareAndSet(false, true)) {
            log.warn("A console sign-in came through a proxy (X-Forwarded-For), but server.forward-headers-strategy is "
                    + "not set: the sign-in throttle counts every client behind that proxy as one address. Set it, "
                    + "and make the proxy overwrite X-Forwarded-For (docs/operations.md).");
        }
        return normalized(address);
    }

    private static String peer(HttpServletRequest request) {
        // Without the valve (MockMvc, another server) the request's own address is the only one there is.
        return request.getAttribute(PEER) instanceof String peer ? peer : request.getRemoteAddr();
    }

    /** An IP literal in its canonical form (IPv6 as its /64); anything else hashed, so it stays short. */
    static String normalized(@Nullable String address) {
        if (address != null && (address.contains(":") || IPV4.matcher(address).matches())) {
            try {
                // a literal (checked above): parsed, never looked up in DNS
                InetAddress parsed = InetAddress.getByName(address);
                if (parsed instanceof Inet6Address) {
                    byte[] prefix = Arrays.copyOf(Arrays.copyOf(parsed.getAddress(), 8), 16);
                    return InetAddress.getByAddress(prefix).getHostAddress() + "/64";
                }
                return parsed.getHostAddress();
            } catch (UnknownHostException e) {
                // not a literal after all
            }
        }
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256")
                    .digest(String.valueOf(address).getBytes(StandardCharsets.UTF_8));
            return "other:" + HexFormat.of().formatHex(hash, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Notes the connection's peer, which Tomcat's RemoteIpValve (wherever it sits) does not rewrite. */
    static final class PeerAddressValve extends ValveBase {

        PeerAddressValve() {
            super(true);
        }

        @Override
        public void invoke(Request request, Response response) throws IOException, ServletException {
            request.setAttribute(PEER, request.getPeerAddr());
            getNext().invoke(request, response);
        }
    }
}
