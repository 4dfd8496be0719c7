package io.streamgate;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The default query end to end, over REST: records produced through the API and through a plain
 * KafkaProducer are read by the query from the earliest offset, parsed and validated, and shown by
 * {@code /queries/results}, with the query's progress in its status.
 */
@IntegrationTest
class DefaultQueryFlowTest {

    @LocalServerPort
    int port;

    @Autowired
    KafkaConnectionDetails kafka;

    Api api;
    String run = UUID.randomUUID().toString().substring(0, 8);

    @BeforeEach
    void setUp() {
        api = new Api(port);
    }

    @AfterEach
    void stopQuery() {
        api.post("/queries/stop");
    }

    @Test
    void recordsFromRestAndFromAPlainProducerAreValidatedAndShownNewestFirst() throws Exception {
        assertThat(api.postJson("/messages", "{\"key\": \"" + run + "-rest-valid\", \"value\": {\"id\": 1, \"name\": \"widget\", \"amount\": 9.5}}").status()).isEqualTo(200);
        assertThat(api.post("/messages", Api.TEXT, "plain text " + run).status()).isEqualTo(200);
        assertThat(api.postJson("/messages/batch", """
                [{"key": "%1$s-batch-wrong-type", "value": {"id": "one", "name": "x"}},
                 {"key": "%1$s-batch-missing", "value": {"amount": 2.0}}]""".formatted(run)).status()).isEqualTo(200);
        try (KafkaProducer<String, String> producer = Producers.strings(String.join(",", kafka.getBootstrapServers()))) {
            producer.send(new ProducerRecord<>("testTopic", run + "-producer-valid", "{\"id\": 2, \"name\": \"gadget\"}")).get();
            producer.send(new ProducerRecord<>("testTopic", run + "-producer-array", "[1, 2, 3]")).get();
        }

        Api.Response started = api.postJson("/queries/start", "{\"startingOffsets\": \"earliest\", \"trigger\": \"200 ms\"}");
        assertThat(started.status()).as(started.toString()).isEqualTo(200);
        assertThat(started.json().get("state").asString()).isEqualTo("RUNNING");

        Map<String, JsonNode> byKey = new HashMap<>();
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            byKey.clear();
            for (JsonNode row : api.get("/queries/results?limit=100").json()) {
                byKey.put(row.get("key").isNull() ? "value:" + row.get("value").asString() : row.get("key").asString(), row);
            }
            assertThat(byKey).containsKeys(run + "-rest-valid", "value:plain text " + run, run + "-batch-wrong-type",
                    run + "-batch-missing", run + "-producer-valid", run + "-producer-array");
        });

        JsonNode valid = byKey.get(run + "-rest-valid");
        assertThat(valid.get("valid").asBoolean()).isTrue();
        assertThat(valid.get("validationError").isNull()).isTrue();
        assertThat(valid.get("fields").get("id").asLong()).isEqualTo(1);
        assertThat(valid.get("fields").get("name").asString()).isEqualTo("widget");
        assertThat(valid.get("fields").get("amount").asDouble()).isEqualTo(9.5);
        assertThat(valid.get("topic").asString()).isEqualTo("testTopic");
        assertThat(valid.get("timestamp").asString()).isNotBlank();
        assertThat(valid.has("offset")).isTrue();
        assertThat(valid.has("partition")).isTrue();

        assertThat(byKey.get(run + "-producer-valid").get("valid").asBoolean()).isTrue();
        assertThat(byKey.get(run + "-producer-valid").get("fields").has("amount")).isFalse();

        assertInvalid(byKey.get("value:plain text " + run), "value is not valid JSON");
        assertInvalid(byKey.get(run + "-batch-wrong-type"), "field 'id' is not of type BIGINT");
        assertInvalid(byKey.get(run + "-batch-missing"), "missing required field 'id'; missing required field 'name'");
        assertInvalid(byKey.get(run + "-producer-array"), "value is not a JSON object");

        JsonNode rows = api.get("/queries/results?limit=100").json();
        long newestBatch = 0;
        for (int i = 1; i < rows.size(); i++) {
            assertThat(rows.get(i - 1).get("offset").asLong()).isGreaterThan(rows.get(i).get("offset").asLong());
        }
        for (JsonNode row : rows) {
            newestBatch = Math.max(newestBatch, row.get("batchId").asLong());
        }

        long rowsBatch = newestBatch;
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonNode progress = api.get("/queries/status").json().get("lastProgress");
            assertThat(progress.isNull()).isFalse();
            assertThat(progress.get("batchId").asLong()).as("Spark reports the batch that delivered the rows, or a later one")
                    .isGreaterThanOrEqualTo(rowsBatch);
            assertThat(progress.has("numInputRows")).isTrue();
            assertThat(progress.get("durationMs").has("triggerExecution")).isTrue();
            assertThat(progress.get("sources").get(0).get("endOffset").get("testTopic").get("0").asLong())
                    .isGreaterThanOrEqualTo(6);
        });
    }

    @Test
    void aRunningQueryPicksUpNewRecordsAndTheLimitIsHonoured() {
        assertThat(api.postJson("/queries/start", "{\"startingOffsets\": \"latest\"}").status()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            JsonNode status = api.get("/queries/status").json().get("status");
            return !status.isNull() && !"Initializing sources".equals(status.get("message").asString());
        });
        Set<String> keys = Set.of(run + "-a", run + "-b", run + "-c");
        for (String key : keys) {
            assertThat(api.postJson("/messages", "{\"key\": \"" + key + "\", \"value\": {\"id\": 5, \"name\": \"n\"}}").status()).isEqualTo(200);
        }

        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300)).untilAsserted(() -> {
            JsonNode rows = api.get("/queries/results?limit=3").json();
            assertThat(rows.size()).isEqualTo(3);
            assertThat(Set.of(rows.get(0).get("key").asString(), rows.get(1).get("key").asString(),
                    rows.get(2).get("key").asString())).isEqualTo(keys);
        });
        assertThat(api.get("/queries/results?limit=1").json().size()).isEqualTo(1);
        JsonNode byKey = api.get("/queries/results?key=" + run + "-b").json();
        assertThat(byKey.size()).isEqualTo(1);
        assertThat(byKey.get(0).get("key").asString()).isEqualTo(run + "-b");
    }

    private static void assertInvalid(JsonNode row, String reason) {
        assertThat(row.get("valid").asBoolean()).as(row.toString()).isFalse();
        assertThat(row.get("validationError").asString()).isEqualTo(reason);
    }
}
