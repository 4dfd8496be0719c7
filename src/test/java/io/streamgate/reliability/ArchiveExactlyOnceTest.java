package io.streamgate.reliability;

import io.streamgate.Api;
import io.streamgate.RunningApp;
import io.streamgate.kafka.KafkaCluster;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.spark.sql.Row;
import io.streamgate.pipeline.SparkConnection;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

import java.nio.file.Path;
import java.time.Duration;
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
 * while the app was down included; whether the archive is written by its own query or by the main one.
 */
class ArchiveExactlyOnceTest {

    private static final int RECORDS = 3000;

    @TempDir
    Path dataDir;

    @ParameterizedTest
    @ValueSource(strings = {"own-query", "main-query"})
    void everyRecordIsArchivedExactlyOnceAcrossAnAppRestart(String writer) throws Exception {
        Map<String, String> settings = Map.of("streamgate.pipeline.archive.writer", writer);
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
     * The archive's log is keyed by the batch ids of the query that writes it, so a checkpoint keeps its
     * writer: a change under it is refused with a 409 that says how to go on, and a fresh start begins a
     * new generation. Real-time mode cannot have the main query write the archive: a 400, before
     * anything is deleted.
     */
    @Test
    void aCheckpointKeepsTheArchiveWriterItBeganWith() {
        try (KafkaCluster kafka = KafkaCluster.start(dataDir.resolve("kafka"), 1)) {
            String archive;
            try (RunningApp app = RunningApp.start(kafka.bootstrapServers(), dataDir, Map.of())) {
                assertThat(app.api.postJson("/queries/start", "{\"startingOffsets\": \"earliest\"}").status()).isEqualTo(200);
                archive = app.api.get("/queries/status").json().get("archive").get("path").asString();
            }

            Map<String, String> mainQueryWriter = Map.of("streamgate.pipeline.archive.writer", "main-query");
            try (RunningApp app = RunningApp.start(kafka.bootstrapServers(), dataDir, mainQueryWriter)) {
                JsonNode notResumed = app.api.get("/queries/status").json();
                assertThat(notResumed.get("state").asString()).as("the app is up, the query not resumed").isEqualTo("NOT_STARTED");
                assertThat(notResumed.get("restarts").get("lastFailure").asString()).contains("written by its own query");

                Api.Response refused = app.api.postJson("/queries/start", "{}");
                assertThat(refused.status()).isEqualTo(409);
                assertThat(refused.json().get("detail").asString())
                        .contains("written by its own query", "archive.writer=main-query", "startingOffsets");

                Api.Response realTime = app.api.postJson("/queries/start",
                        "{\"startingOffsets\": \"earliest\", \"mode\": \"real-time\"}");
                assertThat(realTime.status()).isEqualTo(400);
                assertThat(realTime.json().get("detail").asString()).contains("archive.writer=own-query");
                assertThat(app.api.postJson("/queries/start", "{}").status())
                        .as("the refused start with startingOffsets left the checkpoint as it was").isEqualTo(409);

                Api.Response fresh = app.api.postJson("/queries/start", "{\"startingOffsets\": \"earliest\"}");
                assertThat(fresh.status()).as(fresh.body()).isEqualTo(200);
                assertThat(fresh.json().get("archive").get("path").asString()).isNotEqualTo(archive);
            }
        }
    }

    private static long archivedBatch(RunningApp app) {
        JsonNode archive = app.api.get("/queries/status").json().get("archive");
        return archive == null || archive.get("lastBatchId").isNull() ? -1 : archive.get("lastBatchId").asLong();
    }

    /** About 600 records a second, so that some arrive before, during and after the restart. */
    private static void produceSlowly(String bootstrapServers, AtomicInteger sent) {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class))) {
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
