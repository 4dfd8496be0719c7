package io.streamgate.reliability;

import io.streamgate.IntegrationTest;
import io.streamgate.Api;
import io.streamgate.RunningApp;
import io.streamgate.kafka.KafkaCluster;
import io.streamgate.pipeline.spark.SparkConnection;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The external broker is killed and started again while the app runs: requests fail fast with 503,
 * readiness goes DOWN, and afterwards producing works again, the query catches up, and every record
 * acknowledged with 200 is processed.
 */
@Tag(IntegrationTest.OWN_JVM)
class KafkaOutageTest {

    @TempDir
    Path dataDir;

    @Test
    void nothingAcknowledgedIsLostAndNothingHangsWhileKafkaIsDown() throws Exception {
        KafkaCluster kafka = KafkaCluster.start(dataDir.resolve("kafka"), 1);
        try (RunningApp app = RunningApp.start(kafka.bootstrapServers(), dataDir, Map.of(
                "streamgate.messages.send-timeout", "6s",
                "streamgate.pipeline.restart.initial-backoff", "500ms",
                "streamgate.pipeline.restart.max-backoff", "2s",
                "streamgate.pipeline.restart.max-attempts", "100"))) {
            Api api = app.api;
            Set<String> acknowledged = new HashSet<>();
            assertThat(api.postJson("/queries/start", "{\"startingOffsets\": \"earliest\"}").status()).isEqualTo(200);
            publish(api, "before", 30, acknowledged);

            kafka.node(1).kill();

            List<CompletableFuture<Api.Response>> during = new ArrayList<>();
            long start = System.nanoTime();
            for (int i = 0; i < 3; i++) {
                int n = i;
                during.add(CompletableFuture.supplyAsync(() ->
                        api.postJson("/messages", "{\"key\": \"during-" + n + "\", \"value\": {\"id\": " + n + ", \"name\": \"x\"}}")));
            }
            for (int i = 0; i < during.size(); i++) {
                Api.Response response = during.get(i).get();
                assertThat(response.status()).as(response.toString()).isIn(200, 503);
                if (response.status() == 200) {
                    acknowledged.add("during-" + i); // accepted after all: it must not be lost either
                } else {
                    assertThat(response.isProblem()).isTrue();
                }
            }
            // The configured bound (6 s) plus scheduling slack: the contract, not a speed target.
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
            assertThat(during.stream().map(CompletableFuture::join).filter(r -> r.status() == 503)).isNotEmpty();
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                    assertThat(api.get("/actuator/health/readiness").status()).isEqualTo(503));
            assertThat(api.get("/actuator/health/liveness").status()).isEqualTo(200);

            kafka.node(1).start();

            await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                    assertThat(api.get("/actuator/health/readiness").status()).isEqualTo(200));
            await().atMost(Duration.ofSeconds(60)).until(() ->
                    api.postJson("/messages", "{\"key\": \"probe\", \"value\": {\"id\": 0, \"name\": \"p\"}}").status() == 200);
            acknowledged.add("probe");
            publish(api, "after", 30, acknowledged);

            SparkSession spark = app.bean(SparkConnection.class).session();
            String archive = api.get("/queries/status").json().get("archive").get("path").asString();
            // Until the archive's first files are committed, Spark cannot even infer its schema.
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1)).ignoreExceptions().untilAsserted(() -> {
                Set<String> archivedKeys = new HashSet<>();
                spark.read().json(archive).select(col("key")).collectAsList().forEach(row -> archivedKeys.add(row.getString(0)));
                assertThat(archivedKeys).containsAll(acknowledged);
            });
            JsonNode status = api.get("/queries/status").json();
            assertThat(status.get("state").asString()).isEqualTo("RUNNING");
            assertThat(status.has("restarts")).isTrue();
        } finally {
            kafka.close();
        }
    }

    private static void publish(Api api, String prefix, int count, Set<String> acknowledged) {
        for (int i = 0; i < count; i++) {
            String key = prefix + "-" + i;
            Api.Response response = api.postJson("/messages", "{\"key\": \"" + key + "\", \"value\": {\"id\": " + i + ", \"name\": \"n\"}}");
            assertThat(response.status()).as(response.toString()).isEqualTo(200);
            acknowledged.add(key);
        }
    }
}
