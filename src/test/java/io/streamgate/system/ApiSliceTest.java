package io.streamgate.system;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.core.annotation.AliasFor;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A controller's HTTP contract in milliseconds: Spring MVC with the controller, the app's security,
 * body limit and problem details, and no Kafka or Spark (the controller's collaborators are mocks).
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@WebMvcTest
@Import(ApiSliceTest.WebLayer.class)
public @interface ApiSliceTest {

    @AliasFor(annotation = WebMvcTest.class, attribute = "controllers")
    Class<?>[] value() default {};

    /** What system/ adds to every request, as the whole app has it. */
    @TestConfiguration(proxyBeanMethods = false)
    @EnableWebSecurity
    @EnableConfigurationProperties({SecurityProperties.class, ApiProperties.class})
    @Import({SecurityConfiguration.class, ProblemResponses.class})
    class WebLayer {
    }
}
