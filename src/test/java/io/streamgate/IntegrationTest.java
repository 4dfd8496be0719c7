package io.streamgate;

import org.junit.jupiter.api.Tag;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The whole app on a random port, with the real embedded broker and a real local SparkSession; in a JVM
 * of its own, as every test tagged {@value #OWN_JVM} is (one SparkContext per JVM, each class its own broker).
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
@Tag(IntegrationTest.OWN_JVM)
public @interface IntegrationTest {

    /** The tag of tests that start the app (or Spark, or Kafka, as the app does): each class gets a JVM of its own. */
    String OWN_JVM = "own-jvm";
}
