package dev.camroll.upload.internal;

import java.io.IOException;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import jakarta.servlet.ServletResponse;
import jakarta.servlet.ServletResponseWrapper;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.catalina.connector.ResponseFacade;
import org.apache.coyote.http11.Http11OutputBuffer;
import org.apache.tomcat.util.net.SocketWrapperBase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Informational (1xx) responses ahead of the final one, which the Servlet API cannot send (Servlet 6.1 has 103 Early
 * Hints only, and Tomcat writes exactly 103). On Tomcat's HTTP/1.1 connector this writes the status line and headers
 * onto the connection the way Tomcat writes its own {@code 100 Continue}: before the final response is committed,
 * while its header buffer is empty. Anywhere else (HTTP/1.0, HTTP/2, another container) it sends nothing and says
 * so; the client then learns what the interim response would have told it from the final one. ADR 0018 has why.
 */
final class InterimResponses {

    private static final Logger log = LoggerFactory.getLogger(InterimResponses.class);

    private static final Tomcat TOMCAT = Tomcat.find();

    private InterimResponses() {}

    /**
     * Sends {@code status} with {@code headers} before the final response; answers whether it went out. Header values
     * come from the server, but a value with a control character is refused rather than written.
     */
    static boolean send(
            HttpServletRequest request,
            HttpServletResponse response,
            int status,
            String reason,
            Map<String, String> headers) {
        if (status < 102 || status > 199 || !"HTTP/1.1".equals(request.getProtocol()) || response.isCommitted()) {
            return false;
        }
        StringBuilder head = new StringBuilder("HTTP/1.1 ")
                .append(status)
                .append(' ')
                .append(reason)
                .append("\r\n");
        headers.forEach(
                (name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
        head.append("\r\n");
        String text = head.toString();
        if (!text.chars().allMatch(c -> c == '\r' || c == '\n' || (c >= 0x20 && c < 0x7f))
                || text.indexOf("\r\n\r\n") != text.length() - 4) {
            throw new IllegalArgumentException("A header of an interim response holds a control character: " + headers);
        }
        SocketWrapperBase<?> socket = TOMCAT == null ? null : TOMCAT.socket(response);
        if (socket == null) {
            log.debug("No {} sent: not Tomcat's HTTP/1.1 connector", status);
            return false;
        }
        byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
        try {
            socket.write(true, bytes, 0, bytes.length);
            socket.flush(true);
            return true;
        } catch (IOException e) {
            // The client went away; reading its body fails next, with the usual answer.
            log.debug("The {} could not be written: {}", status, e.toString());
            return false;
        }
    }

    /** The fields that lead from the servlet response to Tomcat's connection, or null when Tomcat is not this one. */
    private record Tomcat(Field facadeResponse, Field outputBuffer, Field socketWrapper) {

        static Tomcat find() {
            try {
                Field facadeResponse = ResponseFacade.class.getDeclaredField("response");
                Field outputBuffer = org.apache.coyote.Response.class.getDeclaredField("outputBuffer");
                Field socketWrapper = Http11OutputBuffer.class.getDeclaredField("socketWrapper");
                facadeResponse.setAccessible(true);
                outputBuffer.setAccessible(true);
                socketWrapper.setAccessible(true);
                return new Tomcat(facadeResponse, outputBuffer, socketWrapper);
            } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
                log.warn(
                        "Interim responses (104 Upload Resumption Supported) are off: this Tomcat differs ({})",
                        e.toString());
                return null;
            }
        }

        SocketWrapperBase<?> socket(ServletResponse response) {
            while (response instanceof ServletResponseWrapper wrapper) {
                response = wrapper.getResponse();
            }
            if (!(response instanceof ResponseFacade facade)) {
                return null;
            }
            try {
                var catalina = (org.apache.catalina.connector.Response) facadeResponse.get(facade);
                org.apache.coyote.Response coyote = catalina.getCoyoteResponse();
                if (coyote.isCommitted() || !(outputBuffer.get(coyote) instanceof Http11OutputBuffer http11)) {
                    return null;
                }
                return (SocketWrapperBase<?>) socketWrapper.get(http11);
            } catch (IllegalAccessException e) {
                return null;
            }
        }
    }
}
