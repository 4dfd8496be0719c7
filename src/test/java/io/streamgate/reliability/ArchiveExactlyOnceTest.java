package io.streamgate.reliability;

import io.streamgate.IntegrationTest;
import io.streamgate.Producers;
import io.streamgate.Api;
import io.streamgate.RunningApp;
import io.streamgate.kafka.KafkaCluster;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.spark.sql.Row;
import io.streamgate.pipeline.spark.SparkConnection;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.get_json_object;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The app is stopped while records flow and started again on the same folders: the query resumes
 * from its checkpoint by itself, and the archive holds every record exactly once, those produced
 * while the app was down included; whether the archive is written by the main query or by its own.
 */
@Tag(IntegrationTest.OWN_JVM)
class ArchiveExactlyOnceTest {

    private static final int RECORDS = 3000;

    @TempDir
    Path dataDir;

    /** In micro-batch mode the main query writes the archive; in real-time mode, a query of its own. */
    @ParameterizedTest
    @ValueSource(strings = {"micro-batch", "real-time"})
    void everyRecordIsArchivedExactlyOnceAcrossAnAppRestart(String mode) throws Exception {
        Map<String, String> settings = Map.of("streamgate.pipeline.mode", mode,
                "streamgate.pipeline.real-time.batch-duration", "5s", "streamgate.pipeline.archive.trigger", "1s");
        try (KafkaCluster kafka = KafkaCluster.start(dataDir.resolve("kafka"), 1)) {
            AtomicInteger sent = new AtomicInteger();
            CompletableFuture<Void> producing;
            String archive;

            try (RunningApp app = RunningApp.start(kafka.bootstrapServers(), dataDir, settings)) {
                assertThat(app.api.postJson("/queries/start", "{\"startingOffsets\": \"earliest\"}").status()).isEqualTo(200);
                producing = CompletableFuture.runAsync(() -> produceSlowly(kafka.bootstrapServers(), sent));
                await().atMost(Duration.ofSeconds(90)).until(() -> archivedBatch(app) >= 1 && sent.get() > 300);
                archive = app.api.get("/queries/status").json().get("archive").get("path").asString();
            }
            int sentWhileStopping = sent.get();
            Thread.sleep(1500); // the app is down; the producer is not

            try (RunningApp app = RunningApp.start(kafka.bootstrapServers(), dataDir, settings)) {
                assertThat(sent.get()).as("records were produced while the app was down").isGreaterThan(sentWhileStopping);
                JsonNode resumed = app.api.get("/queries/status").json();
                assertThat(resumed.get("state").asString()).as("resumed without a start request").isEqualTo("RUNNING");
                assertThat(resumed.get("archive").get("path").asString()).isEqualTo(archive);

                producing.get();
                SparkSession spark = app.bean(SparkConnection.class).session();
                await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() ->
                        assertThat(spark.read().json(archive).count()).isEqualTo(RECORDS));

                List<Row> ids = spark.read().json(archive)
                        .select(get_json_object(col("value"), "$.id").cast("int")).collectAsList();
                Set<Integer> distinct = new HashSet<>();
                ids.forEach(row -> distinct.add(row.getInt(0)));
                assertThat(ids).hasSize(RECORDS);
                assertThat(distinct).hasSize(RECORDS);
                assertThat(distinct).allSatisfy(id -> assertThat(id).isBetween(0, RECORDS - 1));
            }
        }
    }

    /**
     * The archive's log is keyed by the batch ids of the query that writes it. A checkpoint that moves
     * to real-time mode goes on in a new generation, written by a query of its own from where the main
     * query's archive ended; back in micro-batch mode that query keeps writing it. No start is refused,
     * the status says what happened, and across the generations every record is archived once.
     */
    @Test
    void aCheckpointMovingBetweenModesKeepsEveryRecordArchivedOnce() throws Exception {
        Map<String, String> settings = Map.of("streamgate.pipeline.archive.trigger", "1s");
        try (KafkaCluster kafka = KafkaCluster.start(dataDir.resolve("kafka"), 1);
             RunningApp app = RunningApp.start(kafka.bootstrapServers(), dataDir, settings)) {
            Set<String> generations = new HashSet<>();

            JsonNode microBatch = start(app, "{\"startingOffsets\": \"earliest\"}");
            assertThat(microBatch.get("archive").get("writer").asString()).isEqualTo("main-query");
            generations.add(microBatch.get("archive").get("path").asString());
            produce(kafka.bootstrapServers(), 0, 100);
            awaitArchived(app, generations, 100);

            app.api.post("/queries/stop");
            JsonNode realTime = start(app, "{\"mode\": \"real-time\", \"trigger\": \"5s\"}");
            assertThat(realTime.get("archive").get("writer").asString()).isEqualTo("own-query");
            assertThat(realTime.get("archive").get("note").asString()).contains("new generation", "real-time mode");
            assertThat(generations.add(realTime.get("archive").get("path").asString())).as("a new generation").isTrue();
            produce(kafka.bootstrapServers(), 100, 200);
            awaitArchived(app, generations, 200);

            app.api.post("/queries/stop");
            JsonNode backToMicroBatch = start(app, "{}");
            assertThat(backToMicroBatch.get("archive").get("writer").asString()).isEqualTo("own-query");
            assertThat(backToMicroBatch.get("archive").get("path").asString()).isEqualTo(realTime.get("archive").get("path").asString());
            assertThat(backToMicroBatch.get("archive").get("note").asString()).contains("written by its own query");
            produce(kafka.bootstrapServers(), 200, 300);
            awaitArchived(app, generations, 300);
        }
    }

    private static JsonNode start(RunningApp app, String request) {
        Api.Response started = app.api.postJson("/queries/start", request);
        assertThat(started.status()).as(started.toString()).isEqualTo(200);
        return started.json();
    }

    /** Every id from 0 to {@code records} once, across the generations (each read through its own log). */
    private static void awaitArchived(RunningApp app, Set<String> generations, int records) {
        SparkSession spark = app.bean(SparkConnection.class).session();
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1)).ignoreExceptions().untilAsserted(() -> {
            List<Integer> ids = new ArrayList<>();
            for (String generation : generations) {
                spark.read().json(generation).select(get_json_object(col("value"), "$.id").cast("int"))
                        .collectAsList().forEach(row -> ids.add(row.getInt(0)));
            }
            assertThat(ids).hasSize(records);
            assertThat(new HashSet<>(ids)).hasSize(records).allSatisfy(id -> assertThat(id).isBetween(0, records - 1));
        });
    }

    private static void produce(String bootstrapServers, int from, int to) {
        try (KafkaProducer<String, String> producer = Producers.strings(bootstrapServers)) {
            for (int id = from; id < to; id++) {
                producer.send(new ProducerRecord<>("testTopic", "id-" + id, "{\"id\": " + id + ", \"name\": \"r\"}")).get();
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static long archivedBatch(RunningApp app) {
        JsonNode archive = app.api.get("/queries/status").json().get("archive");
        return archive == null || archive.get("lastBatchId").isNull() ? -1 : archive.get("lastBatchId").asLong();
    }

    /** About 600 records a second, so that some arrive before, during and after the restart. */
    private static void produceSlowly(String bootstrapServers, AtomicInteger sent) {
        try (KafkaProducer<String, String> producer = Producers.strings(bootstrapServers)) {
            for (int id = 0; id < RECORDS; id++) {
                producer.send(new ProducerRecord<>("testTopic", "id-" + id, "{\"id\": " + id + ", \"name\": \"r" + id + "\"}")).get();
                sent.incrementAndGet();
                if (id % 60 == 59) {
                    Thread.sleep(100);
                }
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
