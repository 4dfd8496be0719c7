package io.streamgate.queries;

import io.streamgate.Api;
import io.streamgate.IntegrationTest;
import io.streamgate.QueryStoppedAfterEach;
import io.streamgate.TopicRecords;
import io.streamgate.pipeline.definition.PipelineProperties;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerStageSubmitted;
import io.streamgate.pipeline.spark.SparkConnection;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Meters fed by Spark's progress events, over /actuator/metrics and /actuator/prometheus; and the
 * dead letters, from a batch larger than the results hold (sent from Spark's tasks) and from a smaller
 * one (sent from the rows already collected). Batches of more than one record are split into
 * several Spark tasks, as a backlog is; the main query takes at most 4 records a batch.
 */
@IntegrationTest
@TestPropertySource(properties = {"streamgate.pipeline.results.capacity=3", "streamgate.pipeline.console.num-rows=2",
        "streamgate.pipeline.max-records-per-task=1", "streamgate.pipeline.max-offsets-per-trigger=4"})
class QueryMetricsTest extends QueryStoppedAfterEach {

    @Autowired
    KafkaConnectionDetails kafka;

    @Autowired
    SparkConnection spark;

    @Autowired
    PipelineProperties pipeline;

    @Test
    void rowsInvalidRowsAndBatchesAreCountedAsSparkReportsThem() {
        AtomicInteger mostTasksInAStage = new AtomicInteger();
        spark.session().sparkContext().addSparkListener(new SparkListener() {
            @Override
            public void onStageSubmitted(SparkListenerStageSubmitted stage) {
                mostTasksInAStage.accumulateAndGet(stage.stageInfo().numTasks(), Math::max);
            }
        });
        Api api = new Api(port);
        // This class has its own broker, so the topic holds exactly these records.
        assertThat(api.postJson("/messages/batch", """
                [{"value": {"id": 1, "name": "a"}}, {"value": {"id": 2, "name": "b"}}, {"value": {"id": 3, "name": "c"}},
                 {"value": "not json"}, {"value": {"id": "four"}}]""").status()).isEqualTo(200);
        assertThat(api.postJson("/queries/start", "{\"startingOffsets\": \"earliest\"}").status()).isEqualTo(200);

        await().atMost(Duration.ofSeconds(90)).untilAsserted(() ->
                assertThat(measurement(api, "streamgate.query.rows", "COUNT")).isEqualTo(5.0));
        assertThat(measurement(api, "streamgate.query.invalid.rows", "COUNT")).isEqualTo(2.0);
        assertThat(measurement(api, "streamgate.query.batches", "COUNT")).isGreaterThanOrEqualTo(1.0);
        assertThat(measurement(api, "streamgate.query.batch.duration", "TOTAL_TIME")).isPositive();
        assertThat(api.get("/actuator/metrics/streamgate.query.processing.rate").status()).isEqualTo(200);
        assertThat(api.get("/actuator/metrics/streamgate.query.input.rate").status()).isEqualTo(200);

        String prometheus = api.get("/actuator/prometheus").body();
        assertThat(prometheus).contains("streamgate_query_rows_total{query=\"streamgate\"} 5.0",
                "streamgate_query_invalid_rows_total{query=\"streamgate\"} 2.0",
                "streamgate_query_batch_duration_seconds_count", "kafka_producer_record_send_total");

        // The invalid rows, and only they, went to the dead-letter topic with the reason in a header.
        List<ConsumerRecord<String, String>> deadLetters = TopicRecords.readAll(kafka, "testTopic.DLT", 2);
        assertThat(deadLetters).extracting(ConsumerRecord::value).containsExactlyInAnyOrder("not json", "{\"id\":\"four\"}");
        assertThat(deadLetters).extracting(record -> header(record, "streamgate.validation.error"))
                .containsExactlyInAnyOrder("value is not valid JSON",
                        "field 'id' is not of type BIGINT; missing required field 'name'");
        assertThat(deadLetters).extracting(record -> header(record, "streamgate.origin.topic")).containsOnly("testTopic");

        // A batch smaller than the results capacity: its dead letters leave from the driver, the same way.
        assertThat(api.postJson("/messages/batch", """
                [{"value": {"id": 6, "name": "f"}}, {"key": "k7", "value": {"id": 7}}]""").status()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(measurement(api, "streamgate.query.rows", "COUNT")).isEqualTo(7.0));
        List<ConsumerRecord<String, String>> allDeadLetters = TopicRecords.readAll(kafka, "testTopic.DLT", 3);
        assertThat(allDeadLetters).hasSize(3);
        ConsumerRecord<String, String> last = allDeadLetters.get(2);
        assertThat(last.key()).isEqualTo("k7");
        assertThat(last.value()).isEqualTo("{\"id\":7}");
        assertThat(header(last, "streamgate.validation.error")).isEqualTo("missing required field 'name'");
        assertThat(header(last, "streamgate.origin.offset")).isEqualTo("6");
        assertThat(header(last, "streamgate.origin.partition")).isEqualTo("0");

        // A large batch again, after a small one: counted once, its dead letter sent by Spark's sink.
        assertThat(api.postJson("/messages/batch", """
                [{"value": {"id": 8, "name": "h"}}, {"value": {"id": 9, "name": "i"}}, {"key": "k10", "value": "[]"},
                 {"value": {"id": 11, "name": "k"}}]""").status()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(measurement(api, "streamgate.query.rows", "COUNT")).isEqualTo(11.0));
        ConsumerRecord<String, String> fourth = TopicRecords.readAll(kafka, "testTopic.DLT", 4).get(3);
        assertThat(fourth.key()).isEqualTo("k10");
        assertThat(header(fourth, "streamgate.origin.offset")).isEqualTo("9");
        assertThat(api.get("/queries/results?limit=3").json().findValuesAsString("offset")).containsExactly("10", "9", "8");
        // The topic has one partition: without max-records-per-task every stage would be a single task.
        assertThat(mostTasksInAStage.get()).as("tasks in the largest stage").isGreaterThanOrEqualTo(3);

        // The main query wrote the archive, every row once: no archive query of its own in micro-batch mode.
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(measurement(api, "streamgate.archive.rows", "COUNT")).isEqualTo(11.0));
        assertThat(spark.session().streams().active()).extracting(StreamingQuery::name).containsExactly("streamgate");
        assertThat(measurement(api, "streamgate.query.rows", "COUNT")).as("archive rows not counted as processed twice")
                .isEqualTo(11.0);
    }

    private static String header(ConsumerRecord<String, String> record, String name) {
        return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }

    @Test
    void actuatorExposesNoEnvironmentConfigurationOrHeap() {
        Api api = new Api(port);
        for (String hidden : new String[] {"env", "configprops", "heapdump", "threaddump", "beans", "loggers", "shutdown", "mappings"}) {
            assertThat(api.get("/actuator/" + hidden).status()).as(hidden).isEqualTo(404);
        }
        JsonNode links = api.get("/actuator").json().get("_links");
        assertThat(links.propertyNames()).containsExactlyInAnyOrder("self", "health", "health-path", "info", "metrics",
                "metrics-requiredMetricName", "prometheus");
    }

    private static double measurement(Api api, String meter, String statistic) {
        Api.Response response = api.get("/actuator/metrics/" + meter);
        assertThat(response.status()).as(meter).isEqualTo(200);
        for (JsonNode measurement : response.json().get("measurements")) {
            if (statistic.equals(measurement.get("statistic").asString())) {
                return measurement.get("value").asDouble();
            }
        }
        throw new AssertionError(meter + " has no " + statistic);
    }
}
