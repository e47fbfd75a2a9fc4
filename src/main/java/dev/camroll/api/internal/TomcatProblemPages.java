package dev.camroll.api.internal;

import org.apache.catalina.core.StandardHost;
import org.springframework.boot.tomcat.TomcatContextCustomizer;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Configuration;

/**
 * Puts {@link ProblemReportValve} in place of Tomcat's HTML error report on the host, so what Tomcat refuses before
 * Spring sees the request is a problem document too.
 */
@Configuration(proxyBeanMethods = false)
class TomcatProblemPages implements WebServerFactoryCustomizer<TomcatServletWebServerFactory> {

    @Override
    public void customize(TomcatServletWebServerFactory factory) {
        factory.addContextCustomizers((TomcatContextCustomizer) context -> {
            if (context.getParent() instanceof StandardHost host) {
                // On start the host adds a valve of this class unless it has one: it finds ours, so Tomcat's is never
                // added (and no class is loaded by name, whatever the class loader layout of the packaged jar).
                host.setErrorReportValveClass(ProblemReportValve.class.getName());
                host.getPipeline().addValve(new ProblemReportValve());
            }
        });
    }
}
