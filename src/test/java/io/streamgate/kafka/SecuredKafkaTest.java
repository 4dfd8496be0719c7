package io.streamgate.kafka;

import io.streamgate.Api;
import io.streamgate.EventStreamClient;
import io.streamgate.IntegrationTest;
import io.streamgate.StreamgateApplication;
import io.streamgate.TopicRecords;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The service against a Kafka that takes no client without credentials (a real KRaft broker, certificates
 * the test made), configured through Spring Boot's {@code spring.kafka.*} alone: every Kafka client of
 * the service (the producer behind {@code POST /messages}, Spark's source and sink, the dead-letter and
 * output-topic producers, the tails, the admin calls) gets in. Each subclass is one way in.
 */
@Tag(IntegrationTest.OWN_JVM)
abstract class SecuredKafkaTest {

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
        settings.put("streamgate.spark.ui-enabled", "false");
        settings.put("streamgate.spark.shuffle-partitions", "1");
        settings.put("streamgate.pipeline.checkpoint-dir", dir.resolve("checkpoints").toString());
        settings.put("streamgate.pipeline.archive.path", dir.resolve("archive").toString());
        settings.put("streamgate.pipeline.trigger", "200 ms");
        app = new SpringApplicationBuilder(StreamgateApplication.class).properties(settings).run();
        port = ((WebServerApplicationContext) app).getWebServer().getPort();
        api = new Api(port);
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

    @Test
    void everyKafkaClientOfTheServiceGetsIn() throws Exception {
        assertThat(api.get("/actuator/health").json().at("/components/kafka/status").asString()).isEqualTo("UP");
        List<EventStreamClient.Event> tailed = new CopyOnWriteArrayList<>();
        try (EventStreamClient tail = EventStreamClient.open(HttpClient.newHttpClient(),
                URI.create("http://127.0.0.1:" + port + "/topics/testTopic/tail?from=earliest"), null, tailed::add)) {
            Api.Response sent = api.postJson("/messages/batch", """
                    [{"key": "valid-1", "value": {"id": 1, "name": "widget", "amount": 2.5}},
                     {"key": "broken-1", "value": "not json"}]""");
            assertThat(sent.status()).as(sent.body()).isEqualTo(200);
            assertThat(api.putJson("/queries/copies", """
                    {"sql": "SELECT key, value FROM events", "outputTopic": "copies", "startingOffsets": "earliest"}""")
                    .status()).isEqualTo(201);
            Api.Response started = api.postJson("/queries/start", "{\"startingOffsets\": \"earliest\"}");
            assertThat(started.status()).as(started.body()).isEqualTo(200);
            assertThat(api.post("/queries/copies/start").status()).isEqualTo(200);

            await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> {
                assertThat(api.get("/queries/results?key=valid-1").json().size()).isEqualTo(1);
                assertThat(api.get("/queries/results?key=broken-1").json().size()).isEqualTo(1);
            });
            List<ConsumerRecord<String, String>> deadLetters = TopicRecords.readAll(testClient(), "testTopic.DLT", 1);
            assertThat(deadLetters).extracting(ConsumerRecord::key).containsExactly("broken-1");
            List<ConsumerRecord<String, String>> copies = TopicRecords.readAll(testClient(), "copies", 2);
            assertThat(copies).extracting(copy -> Api.json(copy.value()).get("key").asString())
                    .containsExactlyInAnyOrder("valid-1", "broken-1");
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(archived()).contains("valid-1"));
            await().atMost(Duration.ofSeconds(30)).until(() -> tailed.size() >= 2);
            assertThat(tailed).extracting(event -> event.json().get("key").asString()).contains("valid-1", "broken-1");
        }
    }

    /** The archive's committed JSON lines, as text. */
    private static String archived() throws IOException {
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
