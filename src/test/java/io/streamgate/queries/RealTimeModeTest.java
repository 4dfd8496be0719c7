package io.streamgate.queries;

import io.streamgate.Api;
import io.streamgate.IntegrationTest;
import io.streamgate.QueryStoppedAfterEach;
import io.streamgate.TopicRecords;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import io.streamgate.kafka.Topics;
import io.streamgate.pipeline.spark.SparkConnection;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import tools.jackson.databind.JsonNode;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The main query in Spark's real-time mode: rows reach the results and the dead letters one by one. */
@IntegrationTest
class RealTimeModeTest extends QueryStoppedAfterEach {

    @Autowired
    KafkaConnectionDetails kafka;

    @Autowired
    SparkConnection spark;

    @Autowired
    Topics topics;

    @Test
    void rowsAreWrittenAsTheyArriveAndAStopResumesFromTheLastCheckpoint() {
        Api api = new Api(port);
        Api.Response before = api.postJson("/messages/batch", """
                [{"key": "before-1", "value": {"id": 1, "name": "a"}}, {"key": "before-2", "value": "not json"}]""");
        assertThat(before.status()).isEqualTo(200);
        long invalidOffset = before.json().get(1).get("offset").asLong();

        Api.Response started = api.postJson("/queries/start",
                "{\"startingOffsets\": \"earliest\", \"mode\": \"real-time\", \"trigger\": \"5s\"}");
        assertThat(started.status()).as(started.body()).isEqualTo(200);
        assertThat(started.json().get("mode").asString()).isEqualTo("real-time");
        assertThat(started.json().get("trigger").asString()).isEqualTo("5s");

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(keys(api, 10)).contains("before-1", "before-2"));
        // Sent while the long-running batch is under way: written within it, not at its end.
        assertThat(api.postJson("/messages", "{\"key\": \"during\", \"value\": {\"id\": 3, \"name\": \"c\"}}").status())
                .isEqualTo(200);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(keys(api, 10)).contains("during"));

        JsonNode during = api.get("/queries/results?key=during").json().get(0);
        assertThat(during.get("valid").asBoolean()).isTrue();
        assertThat(during.get("fields").get("name").asString()).isEqualTo("c");
        JsonNode invalid = api.get("/queries/results?key=before-2").json().get(0);
        assertThat(invalid.get("validationError").asString()).isEqualTo("value is not valid JSON");

        List<ConsumerRecord<String, String>> deadLetters = TopicRecords.readAll(kafka, "testTopic.DLT", 1);
        assertThat(deadLetters).extracting(ConsumerRecord::key).containsExactly("before-2");
        assertThat(new String(deadLetters.get(0).headers().lastHeader("streamgate.origin.offset").value(),
                StandardCharsets.UTF_8)).isEqualTo(Long.toString(invalidOffset));

        // The archive query keeps its micro-batches beside the real-time one.
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(api.get("/queries/status").json().get("archive").get("lastBatchId").isNull()).isFalse());

        // Stopped mid-batch (a real-time batch never goes idle), without waiting for the stop timeout.
        Api.Response stopped = api.post("/queries/stop");
        assertThat(stopped.status()).isEqualTo(200);
        assertThat(stopped.json().get("state").asString()).isEqualTo("STOPPED");
        assertThat(spark.session().streams().active()).isEmpty();

        assertThat(api.postJson("/messages", "{\"key\": \"while-stopped\", \"value\": {\"id\": 4, \"name\": \"d\"}}")
                .status()).isEqualTo(200);
        assertThat(api.postJson("/queries/start", "{\"mode\": \"real-time\"}").status()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(keys(api, 10)).contains("while-stopped"));

        // The same checkpoint serves either mode: back to micro-batches, resuming where real-time mode was.
        assertThat(api.post("/queries/stop").status()).isEqualTo(200);
        assertThat(api.postJson("/messages", "{\"key\": \"micro\", \"value\": {\"id\": 5, \"name\": \"e\"}}")
                .status()).isEqualTo(200);
        Api.Response resumed = api.postJson("/queries/start", "{\"mode\": \"micro-batch\"}");
        assertThat(resumed.json().get("mode").asString()).isEqualTo("micro-batch");
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(keys(api, 10)).contains("micro"));
        assertThat(api.get("/queries/results?key=while-stopped").json()).hasSize(1); // not shown twice
    }

    /**
     * A real-time query holds a core for as long as it runs; of the two here, one stays for micro-batches
     * (real-time.reserved-cores), so a second real-time query is a 429 and the default query keeps going.
     */
    @Test
    void realTimeQueriesLeaveTheReservedCoreToTheDefaultQuery() {
        Api api = new Api(port);
        topics.createIfMissing("rt-side");
        String definition = "{\"sql\": \"SELECT key, value FROM events\", \"topic\": \"rt-side\", \"mode\": \"real-time\", "
                + "\"trigger\": \"5s\"}";
        try {
            assertThat(api.putJson("/queries/side", definition).status()).isEqualTo(201);
            assertThat(api.putJson("/queries/side-2", definition).status()).isEqualTo(201);
            Api.Response side = api.post("/queries/side/start");
            assertThat(side.status()).as(side.toString()).isEqualTo(200);
            Api.Response second = api.post("/queries/side-2/start");
            assertThat(second.status()).as(second.toString()).isEqualTo(429);
            assertThat(second.json().get("detail").asString()).contains("stay for micro-batch queries");

            assertThat(api.postJson("/queries/start", "{\"startingOffsets\": \"latest\"}").status()).isEqualTo(200);
            for (int i = 0; i < 20; i++) {
                assertThat(api.postJson("/messages", "{\"key\": \"beside-" + i + "\", \"value\": {\"id\": " + i
                        + ", \"name\": \"n\"}}").status()).isEqualTo(200);
            }
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(keys(api, 100))
                    .contains("beside-0", "beside-9", "beside-19"));
            assertThat(api.get("/queries/side").json().at("/status/state").asString()).isEqualTo("RUNNING");
        } finally {
            api.delete("/queries/side");
            api.delete("/queries/side-2");
        }
    }

    @Test
    void aCheckpointIntervalBelowSparksMinimumIsABadRequest() {
        Api.Response response = new Api(port).postJson("/queries/start", "{\"mode\": \"real-time\", \"trigger\": \"1s\"}");
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().get("detail").asString()).contains("checkpoint interval");
    }

    private static List<String> keys(Api api, int limit) {
        List<String> keys = new ArrayList<>();
        api.get("/queries/results?limit=" + limit).json().forEach(row -> keys.add(row.get("key").asString()));
        return keys;
    }
}
