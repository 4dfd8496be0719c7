package io.streamgate.cluster;

import org.springframework.util.FileSystemUtils;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.regex.Pattern;

/**
 * A SPARK_HOME laid out from the jars the build resolved, as a Spark distribution has it: {@code jars/}
 * and a {@code RELEASE} file (without them a worker cannot launch executors: "Cannot find any build
 * directories"). It holds Spark and its dependencies only: not the app's classes, not the Kafka source,
 * not Spring, as a stock Spark image does not; whatever executors need of those the app must ship.
 */
final class SparkHome {

    /** Jars of the test classpath a Spark distribution does not have. */
    private static final Pattern NOT_SPARK = Pattern.compile(".*/(org/springframework|io/micrometer|org/springdoc|"
            + "io/swagger|org/apache/kafka|org/apache/commons/commons-pool2|org/apache/tomcat|org/junit|org/assertj|"
            + "org/mockito|org/testcontainers|org/awaitility|org/webjars|io/prometheus|tools/jackson|net/bytebuddy|"
            + "org/skyscreamer|org/xmlunit|org/hamcrest|org/opentest4j)/.*"
            + "|.*/spark-sql-kafka-0-10_.*|.*/spark-token-provider-kafka-0-10_.*");

    /** The flags Spark's own launcher passes every JVM it starts (see the surefire configuration). */
    static final List<String> JVM_FLAGS = List.of(System.getProperty("spark.jvm.flags", "").trim().split("\\s+"));

    private SparkHome() {
    }

    /** Laid out once per build under {@code target/spark-home}; a layout from an earlier build is replaced. */
    static synchronized Path layOut() {
        Path home = Path.of("target", "spark-home").toAbsolutePath();
        Path jars = home.resolve("jars");
        try {
            if (Files.isDirectory(jars)) {
                FileSystemUtils.deleteRecursively(jars);
            }
            Files.createDirectories(jars);
            for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
                Path jar = Path.of(entry);
                if (entry.endsWith(".jar") && !NOT_SPARK.matcher(entry.replace('\\', '/')).matches()) {
                    Files.createSymbolicLink(jars.resolve(jar.getFileName()), jar.toAbsolutePath());
                }
            }
            Files.writeString(home.resolve("RELEASE"), "Spark " + org.apache.spark.package$.MODULE$.SPARK_VERSION()
                    + " laid out by streamgate's tests from the jars Maven resolved\n");
            writeLogConfiguration(jars.resolve("streamgate-test-logback.jar"));
            return home;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot lay out " + home, e);
        }
    }

    /**
     * Master, workers and executors load {@code jars/*}: a jar holding a logback.xml gives them all INFO
     * logs (Logback with no configuration logs everything at DEBUG).
     */
    private static void writeLogConfiguration(Path jar) throws IOException {
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            out.putNextEntry(new JarEntry("logback.xml"));
            out.write("""
                    <configuration>
                      <appender name="OUT" class="ch.qos.logback.core.ConsoleAppender">
                        <encoder><pattern>%d{HH:mm:ss.SSS} %-5level %logger{36} - %msg%n</pattern></encoder>
                      </appender>
                      <root level="INFO"><appender-ref ref="OUT"/></root>
                      <logger name="org.sparkproject.jetty" level="WARN"/>
                    </configuration>
                    """.getBytes(StandardCharsets.UTF_8));
            out.closeEntry();
        }
    }

    static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
