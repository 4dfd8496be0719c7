package io.streamgate.reliability;

import io.streamgate.Api;
import io.streamgate.ServiceJvm;
import io.streamgate.kafka.EmbeddedKafkaBroker;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A query whose batch runs the service out of memory: the process exits ({@code -XX:+ExitOnOutOfMemoryError})
 * instead of living on without the threads the error killed; started again on the same folders, the
 * other queries resume and that one is held, FAILED with the reason, so that it cannot end the service
 * again.
 * <p>
 * The batch makes one string larger than the whole heap (allowed here by raising the guard's
 * {@code max-string-size}), so the error does not depend on how much of the heap the rest of the service
 * holds: a query that fills the heap gradually can leave the JVM collecting for minutes instead. The
 * query reads a stream of its own, and the other queries have finished their first batch before a
 * record reaches it, so its batch is the only one under way when the service ends.
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
            assertThat(api.putJson("/streams/hog", "{\"topic\": \"hog\", \"schema\": \"id BIGINT\"}").status()).isEqualTo(201);
            // 300,000,000 times a two-byte key: 600 MB, past the 512 MB heap
            assertThat(api.putJson("/queries/hog", "{\"sql\": \"SELECT repeat(key, 300000000) AS s FROM hog\"}")
                    .status()).isEqualTo(201);
            assertThat(api.post("/queries/hog/start").status()).isEqualTo(200);
            await("the first batches end").atMost(Duration.ofMinutes(1)).untilAsserted(() -> {
                assertThat(status(api, "streamgate").get("lastProgress").isObject()).isTrue();
                assertThat(status(api, "keys").get("lastProgress").isObject()).isTrue();
            });

            assertThat(api.postJson("/topics/hog/messages", "{\"key\": \"kk\", \"value\": {\"id\": 1}}").status())
                    .isEqualTo(200);
            await("the process exits").atMost(Duration.ofMinutes(2)).until(() -> !first.process.isAlive());
            assertThat(Files.readString(first.process.log())).contains("Terminating due to java.lang.OutOfMemoryError");
        }

        try (ServiceJvm second = service(data, kafkaPort, "second.log")) {
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                assertThat(status(second.api, "streamgate").get("state").asString()).isEqualTo("RUNNING");
                assertThat(status(second.api, "keys").get("state").asString()).isEqualTo("RUNNING");
            });
            JsonNode held = status(second.api, "hog");
            assertThat(held.get("state").asString()).isEqualTo("FAILED");
            assertThat(held.get("failure").asString()).startsWith("was in a batch").contains("OutOfMemoryError");
            assertThat(second.api.postJson("/messages", "{\"key\": \"after\", \"value\": {\"id\": 1, \"name\": \"n\"}}")
                    .status()).isEqualTo(200);
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                    assertThat(second.api.get("/queries/results?key=after").json().size()).isEqualTo(1));
        }
    }

    private static JsonNode status(Api api, String query) {
        return api.get("/queries/" + query).json().get("status");
    }

    /** The smallest heap Spark starts with (it refuses under 450 MiB of system memory). */
    private static ServiceJvm service(Path data, int kafkaPort, String log) {
        return ServiceJvm.start(data, kafkaPort, log, List.of("-Xmx512m", "-XX:+ExitOnOutOfMemoryError"),
                List.of("--streamgate.pipeline.sql-limits.max-string-size=1GB"));
    }
}
