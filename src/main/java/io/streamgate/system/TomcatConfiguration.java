package io.streamgate.system;

import org.apache.catalina.core.StandardHost;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class TomcatConfiguration {

    /** A request cut for a slow body ({@link RequestBodyLimitFilter}) frees its thread at once. */
    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> closeAfterRequestTimeout() {
        return factory -> factory.addContextValves(new RequestTimeoutValve());
    }

    /** Errors Tomcat answers before Spring MVC also come as problem details. */
    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> problemDetailsForContainerErrors() {
        return factory -> factory.addContextCustomizers(context -> {
            if (context.getParent() instanceof StandardHost host) {
                host.setErrorReportValveClass(ProblemErrorReportValve.class.getName());
            }
        });
    }
}
