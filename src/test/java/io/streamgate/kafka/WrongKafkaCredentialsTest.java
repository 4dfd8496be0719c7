package io.streamgate.kafka;

import io.streamgate.Api;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A password the broker refuses: a clear answer everywhere that names the reason, never a hang or a 500. */
class WrongKafkaCredentialsTest extends SecuredKafka {

    private static final Duration SEND_TIMEOUT = Duration.ofSeconds(5);

    @BeforeAll
    static void startIt() {
        start(kafka -> {
            Map<String, Object> settings = new HashMap<>(scram(kafka, "alice", "not-alices-password"));
            settings.put("streamgate.messages.send-timeout", SEND_TIMEOUT.toSeconds() + "s");
            return settings;
        });
    }

    @Test
    void healthSaysKafkaIsDownAndWhy() {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonNode kafka = api.get("/actuator/health").json().at("/components/kafka");
            assertThat(kafka.get("status").asString()).isEqualTo("DOWN");
            assertThat(kafka.at("/details/error").asString()).contains("Authentication failed");
        });
    }

    @Test
    void aMessageIsA503ProblemWithinTheSendTimeout() {
        long start = System.nanoTime();
        Api.Response sent = api.postJson("/messages", "{\"key\": \"k\", \"value\": {\"id\": 1, \"name\": \"n\"}}");
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertThat(sent.status()).as(sent.body()).isEqualTo(503);
        assertThat(sent.isProblem()).isTrue();
        assertThat(took).isLessThan(SEND_TIMEOUT.plusSeconds(5));
    }

    @Test
    void aStartIsA503ProblemThatSaysWhy() {
        Api.Response started = api.postJson("/queries/start", "{}");

        assertThat(started.status()).as(started.body()).isEqualTo(503);
        assertThat(started.json().get("detail").asString()).contains("Authentication failed");
    }
}
