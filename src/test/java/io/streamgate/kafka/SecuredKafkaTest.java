package io.streamgate.kafka;

import io.streamgate.Api;
import io.streamgate.EventStreamClient;
import io.streamgate.TopicRecords;
import io.streamgate.pipeline.spark.SparkConnection;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.spark.SparkContext;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Every Kafka client of the service gets in, configured through {@code spring.kafka.*} alone: the
 * producer behind {@code POST /messages}, Spark's source and sink, the dead-letter and output-topic
 * producers, the tails, the admin calls. Each subclass is one way in.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class SecuredKafkaTest extends SecuredKafka {

    @Test
    @Order(1)
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

    /** After the clients were used: no password, and no private key, in any place a person or a tool could read. */
    @Test
    @Order(2)
    void noSecretIsShownAnywhere() throws Exception {
        SparkContext spark = app.getBean(SparkConnection.class).session().sparkContext();
        String ui = spark.uiWebUrl().get() + "/api/v1/applications/" + spark.applicationId();
        HttpClient http = HttpClient.newHttpClient();
        Map<String, String> places = new LinkedHashMap<>();
        for (String path : List.of("/queries", "/queries/status", "/queries/copies", "/actuator/health", "/actuator/env",
                "/actuator/configprops", "/actuator/prometheus")) {
            Api.Response answer = api.get(path);
            assertThat(answer.status()).as(path).isEqualTo(200);
            places.put(path, answer.body());
        }
        places.put("a problem", api.post("/queries/copies/start").body());
        for (String path : List.of("/environment", "/sql?details=true&planDescription=true", "/jobs", "/stages")) {
            HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(ui + path)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(answer.statusCode()).as(path).isEqualTo(200);
            places.put("Spark UI " + path, answer.body());
        }
        places.put("the log", text(log()));
        try (Stream<Path> files = Files.walk(eventLog())) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                places.put("the event log " + file.getFileName(), text(file));
            }
        }
        assertThat(places).containsKey("the log").hasSizeGreaterThan(13);
        assertThat(places.get("Spark UI /environment")).contains("spark.app.id");

        List<String> secrets = new ArrayList<>(USERS.values());
        secrets.add(PASSWORD);
        secrets.add("PRIVATE KEY");
        places.forEach((place, text) -> assertThat(text).as(place).doesNotContain(secrets));
    }

    /** Bytes as Latin-1, which any byte is: a secret is ASCII, and a file need not be UTF-8 all through. */
    private static String text(Path file) throws java.io.IOException {
        return new String(Files.readAllBytes(file), java.nio.charset.StandardCharsets.ISO_8859_1);
    }
}
