package io.streamgate.queries;

import io.streamgate.IntegrationTest;
import io.streamgate.Api;
import io.streamgate.Producers;
import io.streamgate.RunningApp;
import io.streamgate.kafka.KafkaCluster;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Users' queries outlive the app: their definitions are read back from the data folder, the one that
 * was running resumes from its checkpoint by itself (its counts carry on from Spark's state store), and
 * the one that was stopped stays stopped. Streams' definitions are read back too, and a join whose two
 * sides arrive on either side of the restart finds its match in the state it kept.
 */
@Tag(IntegrationTest.OWN_JVM)
class UserQueryRestartTest {

    private static final Map<String, String> SETTINGS = Map.of("streamgate.pipeline.trigger", "200 ms");
    private static final String COUNTS = """
            {"sql": "SELECT name, count(*) AS orders FROM events GROUP BY name", "startingOffsets": "earliest"}""";

    @TempDir
    Path dataDir;

    @Test
    void definitionsAndRunningStateSurviveARestart() {
        try (KafkaCluster kafka = KafkaCluster.start(dataDir.resolve("kafka"), 1)) {
            String countsId;
            try (RunningApp app = RunningApp.start(kafka.bootstrapServers(), dataDir, SETTINGS)) {
                assertThat(app.api.putJson("/queries/counts", COUNTS).status()).isEqualTo(201);
                assertThat(app.api.putJson("/queries/idle", "{\"sql\": \"SELECT key FROM events\"}").status()).isEqualTo(201);
                countsId = app.api.post("/queries/counts/start").json().get("id").asString();
                registerStreams(app.api);
                assertThat(app.api.putJson("/queries/paid", PAID).status()).isEqualTo(201);
                assertThat(app.api.post("/queries/paid/start").status()).isEqualTo(200);
                produce(kafka, 5);
                produce(kafka, "orders", Instant.now(), "{\"id\": 42}");
                await().atMost(Duration.ofSeconds(60)).until(() -> orders(app.api) == 5);
                await().atMost(Duration.ofSeconds(60)).until(() -> app.api.get("/queries/paid").json()
                        .at("/status/lastProgress/sources").toString().contains("\"orders\":{\"0\":1}"));
            }

            try (RunningApp app = RunningApp.start(kafka.bootstrapServers(), dataDir, SETTINGS)) {
                JsonNode counts = app.api.get("/queries/counts").json();
                assertThat(counts.get("status").get("state").asString()).as("resumed without a start request").isEqualTo("RUNNING");
                assertThat(counts.get("status").get("id").asString()).as("the same checkpoint").isEqualTo(countsId);
                assertThat(counts.get("definition").get("sql").asString()).contains("count(*) AS orders");
                assertThat(counts.get("columns").get(1).get("name").asString()).isEqualTo("orders");
                JsonNode idle = app.api.get("/queries/idle").json();
                assertThat(idle.get("status").get("state").asString()).isEqualTo("NOT_STARTED");
                assertThat(idle.get("definition").get("sql").asString()).isEqualTo("SELECT key FROM events");

                produce(kafka, 3);
                await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                        assertThat(orders(app.api)).as("the count goes on from the state store").isEqualTo(8));

                // the streams' definitions were loaded; the order, read before the restart, waits in the join's state
                JsonNode orders = app.api.get("/streams/orders").json();
                assertThat(orders.get("watermark").asString()).isEqualTo("10 seconds");
                assertThat(orders.get("revision").asLong()).isEqualTo(1);
                assertThat(app.api.get("/queries/paid").json().at("/status/state").asString()).isEqualTo("RUNNING");
                produce(kafka, "payments", Instant.now().plusSeconds(60), "{\"order_id\": 42, \"amount\": 4.5}");
                await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(app.api.get("/queries/paid/results")
                        .json().toString()).isEqualTo("[{\"order_id\":42,\"paid\":4.5}]"));
            }
        }
    }

    private static final String PAID = """
            {"sql": "SELECT o.id AS order_id, p.amount AS paid FROM orders o JOIN payments p ON p.order_id = o.id AND p.timestamp BETWEEN o.timestamp AND o.timestamp + INTERVAL 10 MINUTES",
             "startingOffsets": "earliest"}""";

    private static void registerStreams(Api api) {
        assertThat(api.putJson("/streams/orders", """
                {"topic": "orders", "schema": "id BIGINT NOT NULL", "watermark": "10 seconds"}""").status()).isEqualTo(201);
        assertThat(api.putJson("/streams/payments", """
                {"topic": "payments", "schema": "order_id BIGINT NOT NULL, amount DOUBLE", "watermark": "10 seconds"}""").status())
                .isEqualTo(201);
    }

    private static void produce(KafkaCluster kafka, String topic, Instant timestamp, String value) {
        try (KafkaProducer<String, String> producer = Producers.strings(kafka.bootstrapServers())) {
            producer.send(new ProducerRecord<>(topic, null, timestamp.toEpochMilli(), null, value));
            producer.flush();
        }
    }

    private static long orders(Api api) {
        JsonNode rows = api.get("/queries/counts/results").json();
        return rows.isEmpty() ? 0 : rows.get(0).get("orders").asLong();
    }

    private static void produce(KafkaCluster kafka, int records) {
        try (KafkaProducer<String, String> producer = Producers.strings(kafka.bootstrapServers())) {
            for (int i = 0; i < records; i++) {
                producer.send(new ProducerRecord<>("testTopic", "k" + i, "{\"id\": " + i + ", \"name\": \"widget\", \"amount\": 1}"));
            }
            producer.flush();
        }
    }
}
