package dev.camroll.runtime.internal;

import java.io.IOException;

import jakarta.servlet.ServletException;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ValveBase;
import org.apache.coyote.ActionCode;
import org.springframework.boot.tomcat.ConfigurableTomcatWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;

/**
 * An answer the application marks {@code Connection: close} closes the connection without reading the rest of the
 * request body. Tomcat otherwise reads (swallows) up to 2 MB of an unread body before it closes, with a read timeout
 * per read, so a refused or cut-off upload whose client trickles bytes would hold its request thread on after the
 * answer, which the upload limits exist to prevent (docs/decisions/0015-slow-uploads.md).
 */
@Configuration(proxyBeanMethods = false)
class UnreadBodies {

    @Bean
    WebServerFactoryCustomizer<ConfigurableTomcatWebServerFactory> unreadBodiesAreNotSwallowed() {
        return factory -> factory.addEngineValves(new ClosingValve());
    }

    /** After the application's answer, turns {@code Connection: close} into "do not read the rest". */
    static final class ClosingValve extends ValveBase {

        ClosingValve() {
            super(true);
        }

        @Override
        public void invoke(Request request, Response response) throws IOException, ServletException {
            getNext().invoke(request, response);
            String connection = response.getHeader(HttpHeaders.CONNECTION);
            if (connection != null && connection.equalsIgnoreCase("close")) {
                // Tomcat's own "aborted upload" action: no more input is read, and the connection closes after the
                // answer.
                request.getCoyoteRequest().action(ActionCode.DISABLE_SWALLOW_INPUT, null);
            }
        }
    }
}
