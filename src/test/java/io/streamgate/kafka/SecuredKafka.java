package io.streamgate.kafka;

import io.streamgate.Api;
import io.streamgate.IntegrationTest;
import io.streamgate.StreamgateApplication;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * The service against a Kafka that takes no client without credentials: a real KRaft broker in a JVM of
 * its own, with certificates the test made, and the service configured through Spring Boot's
 * {@code spring.kafka.*} alone. Each test class starts both once.
 */
@Tag(IntegrationTest.OWN_JVM)
abstract class SecuredKafka {

    static final String PASSWORD = "store-secret-4711";
    static final Map<String, String> USERS = Map.of("alice", "alice-secret-0815");

    @TempDir
    static Path dir;

    static KafkaCluster kafka;
    static ConfigurableApplicationContext app;
    static Api api;
    static int port;
    static TestCertificates certificates;

    /** Starts the broker, then the service with {@code spring.kafka.*} as {@code kafkaSettings} gives it. */
    static void start(Function<KafkaCluster, Map<String, Object>> kafkaSettings) {
        certificates = TestCertificates.make(dir.resolve("certificates"), PASSWORD);
        kafka = KafkaCluster.start(dir.resolve("kafka"), 1, new KafkaListeners.Secured(certificates, USERS));
        Map<String, Object> settings = new HashMap<>(kafkaSettings.apply(kafka));
        settings.put("server.port", "0");
        settings.put("streamgate.spark.master", "local[2]");
        settings.put("streamgate.spark.shuffle-partitions", "1");
        settings.put("streamgate.pipeline.checkpoint-dir", dir.resolve("checkpoints").toString());
        settings.put("streamgate.pipeline.archive.path", dir.resolve("archive").toString());
        settings.put("streamgate.pipeline.trigger", "200 ms");
        // Every place a secret could show: the log as shipped, more of the actuator than it exposes by
        // default, Spark's UI (its REST API) and its event log.
        settings.put("logging.file.name", log().toString());
        settings.put("management.endpoints.web.exposure.include", "health,info,metrics,prometheus,env,configprops");
        settings.put("streamgate.spark.ui-enabled", "true");
        settings.put("streamgate.spark.config.spark.ui.port", "0");
        settings.put("streamgate.spark.config.spark.eventLog.enabled", "true");
        settings.put("streamgate.spark.config.spark.eventLog.dir", eventLog().toUri().toString());
        // As command-line arguments: over the application's own files, as a user's settings are.
        app = new SpringApplicationBuilder(StreamgateApplication.class).run(settings.entrySet().stream()
                .map(setting -> "--" + setting.getKey() + "=" + setting.getValue()).toArray(String[]::new));
        port = ((WebServerApplicationContext) app).getWebServer().getPort();
        api = new Api(port);
    }

    /** {@code spring.kafka.*} for SASL_SSL with SCRAM-SHA-512, the broker's certificate trusted through a trust store file. */
    static Map<String, Object> scram(KafkaCluster kafka, String user, String password) {
        return Map.of(
                "spring.kafka.bootstrap-servers", kafka.bootstrapServers(KafkaListeners.Secured.SASL_SSL),
                "spring.kafka.security.protocol", "SASL_SSL",
                "spring.kafka.ssl.trust-store-location", certificates.trustStore().toUri().toString(),
                "spring.kafka.ssl.trust-store-password", PASSWORD,
                "spring.kafka.ssl.trust-store-type", "PKCS12",
                "spring.kafka.properties.sasl.mechanism", "SCRAM-SHA-512",
                "spring.kafka.properties.sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule "
                        + "required username=\"" + user + "\" password=\"" + password + "\";");
    }

    static Path log() {
        return dir.resolve("service.log");
    }

    static Path eventLog() {
        Path events = dir.resolve("spark-events");
        try {
            Files.createDirectories(events);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return events;
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    /** What a client of the test's own needs to read the topics: the broker's mutual-TLS listener. */
    static Map<String, Object> testClient() {
        Map<String, Object> config = new HashMap<>(new KafkaListeners.Secured(certificates, USERS).adminClient());
        config.put("bootstrap.servers", kafka.bootstrapServers(KafkaListeners.Secured.MUTUAL_TLS));
        return config;
    }

    /** The archive's committed JSON lines, as text. */
    static String archived() throws IOException {
        Path archive = dir.resolve("archive");
        if (!Files.exists(archive)) {
            return "";
        }
        List<String> lines = new ArrayList<>();
        try (Stream<Path> files = Files.walk(archive)) {
            for (Path file : files.filter(path -> path.toString().endsWith(".json")).toList()) {
                lines.addAll(Files.readAllLines(file));
            }
        }
        return String.join("\n", lines);
    }
}
