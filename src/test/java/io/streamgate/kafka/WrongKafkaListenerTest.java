package io.streamgate.kafka;

import io.streamgate.Api;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A client that speaks plaintext to a TLS listener never gets an answer it understands, only closed
 * connections, which Kafka's clients retry without end: the query fails within Spark's tries of the
 * offset reader's timeout, and says what to check; a stop does not wait for a batch that cannot come.
 */
class WrongKafkaListenerTest extends SecuredKafka {

    @BeforeAll
    static void startIt() {
        // Spark's offset reader tries 3 times, each within the source's API timeout: 3 s instead of 10 s
        start(kafka -> Map.of("spring.kafka.bootstrap-servers", kafka.bootstrapServers(KafkaListeners.Secured.SASL_SSL),
                "streamgate.pipeline.source-options.kafka.default.api.timeout.ms", "3000",
                "streamgate.pipeline.source-options.kafka.request.timeout.ms", "3000"));
    }

    @Test
    void aQueryThatCannotReachKafkaSaysSoAndStopsAtOnce() {
        assertThat(api.postJson("/queries/start", "{\"startingOffsets\": \"earliest\"}").status()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(10)).until(() ->
                api.get("/queries/status").json().at("/status/isTriggerActive").asBoolean());
        long stopping = System.nanoTime();
        Api.Response stopped = api.post("/queries/stop");
        Duration stop = Duration.ofNanos(System.nanoTime() - stopping);
        assertThat(stopped.status()).isEqualTo(200);
        assertThat(stop).as("a stop while the trigger waits for Kafka, beside stop-timeout's 30 s")
                .isLessThan(Duration.ofSeconds(15));

        assertThat(api.postJson("/queries/start", "{\"startingOffsets\": \"earliest\"}").status()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            JsonNode status = api.get("/queries/status").json();
            assertThat(status.get("state").asString()).as(status.toString()).isIn("RESTARTING", "FAILED");
            assertThat(status.at("/restarts/lastFailure").asString()).contains("Kafka did not answer in time",
                    "spring.kafka.security.protocol");
        });
    }
}
