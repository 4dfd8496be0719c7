package io.streamgate.pipeline;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * On a Spark cluster the executors run the Kafka source too, but a stock Spark image does not ship
 * it. The driver (this app) serves the jars listed in {@code spark.jars} to its executors, so the
 * jars that hold the Kafka source and its dependencies are found on the app's own classpath.
 */
final class ClusterJars {

    private static final Logger log = LoggerFactory.getLogger(ClusterJars.class);

    /** One class from each jar the Kafka source needs on an executor. */
    private static final List<String> KAFKA_SOURCE_CLASSES = List.of(
            "org.apache.spark.sql.kafka010.KafkaSourceProvider",
            "org.apache.spark.kafka010.KafkaTokenUtil",
            "org.apache.kafka.clients.consumer.KafkaConsumer",
            "org.apache.commons.pool2.ObjectPool");

    private ClusterJars() {
    }

    /** The jar files, or an empty string when the app does not run from plain jar files (e.g. {@code java -jar}). */
    static String kafkaSourceJars() {
        Set<String> jars = new LinkedHashSet<>();
        for (String className : KAFKA_SOURCE_CLASSES) {
            Path jar = jarOf(className);
            if (jar == null) {
                log.warn("Cannot find the jar file of {} to ship to the Spark executors; set streamgate.spark.config.spark.jars "
                        + "(or run from the extracted layers, as the Docker image does)", className);
                return "";
            }
            jars.add(jar.toString());
        }
        return String.join(",", jars);
    }

    private static Path jarOf(String className) {
        try {
            CodeSource source = Class.forName(className).getProtectionDomain().getCodeSource();
            URL location = source == null ? null : source.getLocation();
            if (location == null || !"file".equals(location.getProtocol())) {
                return null;
            }
            Path path = Path.of(location.toURI());
            return Files.isRegularFile(path) && path.toString().endsWith(".jar") ? path : null;
        } catch (ClassNotFoundException | URISyntaxException | IllegalArgumentException e) {
            return null;
        }
    }
}
