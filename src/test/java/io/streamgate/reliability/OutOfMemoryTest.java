package io.streamgate.reliability;

import io.streamgate.Api;
import io.streamgate.ServiceJvm;
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
        try (ServiceJvm first = service(data, kafkaPort, "first.log")) {
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
            // 20 batches of 50: with 10, a heap no longer holding the embedded broker's 128 MiB cleaner map
            // could stay in a loop of full GCs past the 4 minutes below instead of failing an allocation.
            for (int i = 0; i < 20 && first.process.isAlive(); i++) {
                try {
                    api.postJson("/messages/batch", "[" + String.join(",", records) + "]");
                } catch (UncheckedIOException goneMeanwhile) {
                    break;
                }
            }
            await("the process exits").atMost(Duration.ofMinutes(4)).until(() -> !first.process.isAlive());
            assertThat(Files.readString(first.process.log())).contains("Terminating due to java.lang.OutOfMemoryError");
        }

        try (ServiceJvm second = service(data, kafkaPort, "second.log")) {
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
     * A heap small enough to run out of, and ParallelGC's overhead limit lowered: with the default limits
     * (98% of the time in GC, under 2% freed) a heap that the batch fills can stay in a loop of full GCs
     * for minutes instead of failing an allocation.
     */
    private static ServiceJvm service(Path data, int kafkaPort, String log) {
        return ServiceJvm.start(data, kafkaPort, log, List.of("-Xmx512m", "-XX:+UseParallelGC", "-XX:GCTimeLimit=80",
                "-XX:GCHeapFreeLimit=10", "-XX:+ExitOnOutOfMemoryError"),
                List.of("--streamgate.pipeline.sql-limits.max-windows-per-row=100000"));
    }
}
