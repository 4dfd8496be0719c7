package io.streamgate.reliability;

import io.streamgate.Api;
import io.streamgate.JavaProcess;
import io.streamgate.kafka.EmbeddedKafkaBroker;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A query that runs the service out of memory, as a user could before the guard bounded windows: the
 * process exits ({@code -XX:+ExitOnOutOfMemoryError}) instead of living on without the threads the error
 * killed; started again on the same folders, the other queries resume and that one is held, FAILED with
 * the reason, so that it cannot end the service again.
 */
class OutOfMemoryTest {

    @TempDir(cleanup = CleanupMode.ON_SUCCESS) // the services' logs stay when it fails
    Path data;

    @Test
    void theServiceExitsAndAtTheNextStartHoldsTheQueryWhoseBatchRanItOutOfMemory() throws Exception {
        int kafkaPort = EmbeddedKafkaBroker.freePort("127.0.0.1");
        try (Service first = new Service(data, kafkaPort, "first.log")) {
            Api api = first.api;
            assertThat(api.postJson("/queries/start", "{}").status()).isEqualTo(200);
            assertThat(api.putJson("/queries/keys", "{\"sql\": \"SELECT key FROM events\"}").status()).isEqualTo(201);
            assertThat(api.post("/queries/keys/start").status()).isEqualTo(200);
            // 2,000 windows a row, allowed here by raising the guard's bound (max-windows-per-row)
            assertThat(api.putJson("/queries/slide", """
                    {"sql": "SELECT window(timestamp, '10 seconds', '5 milliseconds') AS w, count(*) AS n FROM events GROUP BY window(timestamp, '10 seconds', '5 milliseconds')",
                     "watermark": "1 minute"}""").status()).isEqualTo(201);
            assertThat(api.post("/queries/slide/start").status()).isEqualTo(200);
            List<String> records = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                records.add("{\"key\": \"k" + i + "\", \"value\": {\"id\": " + i + ", \"name\": \"n\"}}");
            }
            for (int i = 0; i < 10 && first.process.isAlive(); i++) {
                try {
                    api.postJson("/messages/batch", "[" + String.join(",", records) + "]");
                } catch (UncheckedIOException goneMeanwhile) {
                    break;
                }
            }
            await("the process exits").atMost(Duration.ofMinutes(4)).until(() -> !first.process.isAlive());
            assertThat(Files.readString(first.process.log())).contains("Terminating due to java.lang.OutOfMemoryError");
        }

        try (Service second = new Service(data, kafkaPort, "second.log")) {
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                assertThat(state(second.api, "streamgate")).isEqualTo("RUNNING");
                assertThat(state(second.api, "keys")).isEqualTo("RUNNING");
            });
            JsonNode held = second.api.get("/queries/slide").json().get("status");
            assertThat(held.get("state").asString()).isEqualTo("FAILED");
            assertThat(held.get("failure").asString()).startsWith("was in a batch").contains("OutOfMemoryError");
            assertThat(second.api.postJson("/messages", "{\"key\": \"after\", \"value\": {\"id\": 1, \"name\": \"n\"}}")
                    .status()).isEqualTo(200);
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                    assertThat(second.api.get("/queries/results?key=after").json().size()).isEqualTo(1));
        }
    }

    private static String state(Api api, String query) {
        return api.get("/queries/" + query).json().at("/status/state").asString();
    }

    /**
     * The service in a JVM of its own, with a heap small enough to run out of, and ParallelGC's overhead
     * limit lowered: with the default limits (98% of the time in GC, under 2% freed) a heap that the
     * batch fills can stay in a loop of full GCs for minutes instead of failing an allocation.
     */
    private static final class Service implements AutoCloseable {

        final JavaProcess process;
        final Api api;

        Service(Path data, int kafkaPort, String log) throws InterruptedException {
            int httpPort = EmbeddedKafkaBroker.freePort("127.0.0.1");
            List<String> args = new ArrayList<>(List.of("-Xmx512m", "-XX:+UseParallelGC",
                    "-XX:GCTimeLimit=80", "-XX:GCHeapFreeLimit=10", "-XX:+ExitOnOutOfMemoryError"));
            args.addAll(List.of(System.getProperty("spark.jvm.flags", "").split("\\s+")));
            args.addAll(List.of("-cp", System.getProperty("java.class.path"), "io.streamgate.StreamgateApplication",
                    "--server.port=" + httpPort,
                    "--streamgate.kafka.embedded.port=" + kafkaPort,
                    "--streamgate.kafka.embedded.controller-port=0",
                    "--streamgate.kafka.embedded.data-dir=" + data.resolve("kafka"),
                    "--streamgate.pipeline.checkpoint-dir=" + data.resolve("checkpoints"),
                    "--streamgate.pipeline.archive.path=" + data.resolve("archive"),
                    "--streamgate.pipeline.sql-limits.max-windows-per-row=100000",
                    "--streamgate.spark.ui-enabled=false",
                    "--streamgate.spark.shuffle-partitions=1"));
            args.removeIf(String::isBlank);
            process = JavaProcess.start(List.of(), args, Map.of(), data.resolve(log));
            api = new Api(httpPort);
            await("the service answers").atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(200)).until(() -> {
                if (!process.isAlive()) {
                    throw new IllegalStateException("The service exited; see " + process.log());
                }
                try {
                    return api.get("/actuator/health/liveness").status() == 200;
                } catch (UncheckedIOException notYet) {
                    return false;
                }
            });
        }

        @Override
        public void close() {
            process.close();
        }
    }
}
