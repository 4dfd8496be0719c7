package io.streamgate;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.kafka.KafkaContainer;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The main flow against Kafka in a container, the way Compose runs it: no embedded broker, the
 * cluster given through spring.kafka.bootstrap-servers. Skipped where no Docker engine runs.
 */
@Tag(IntegrationTest.OWN_JVM)
@Testcontainers(disabledWithoutDocker = true)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class TestcontainersKafkaTest extends QueryStoppedAfterEach {

    @Container
    static final KafkaContainer KAFKA = new KafkaContainer("apache/kafka:4.1.1");

    @DynamicPropertySource
    static void kafka(DynamicPropertyRegistry registry) {
        registry.add("spring.kafka.bootstrap-servers", KAFKA::getBootstrapServers);
    }

    @Test
    void aPublishedMessageIsProcessedByTheQuery() {
        Api api = new Api(port);
        String key = UUID.randomUUID().toString();
        assertThat(api.postJson("/messages", "{\"key\": \"" + key + "\", \"value\": {\"id\": 1, \"name\": \"tc\"}}").status())
                .isEqualTo(200);
        assertThat(api.postJson("/queries/start", "{\"startingOffsets\": \"earliest\"}").status()).isEqualTo(200);

        await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> {
            JsonNode rows = api.get("/queries/results?limit=10").json();
            assertThat(rows.size()).isPositive();
            assertThat(rows.get(0).get("key").asString()).isEqualTo(key);
            assertThat(rows.get(0).get("valid").asBoolean()).isTrue();
        });
    }
}
