package io.streamgate.messages;

import io.streamgate.Api;
import io.streamgate.IntegrationTest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** The app pointed at a Kafka address where nothing listens: requests fail fast with 503, never hang. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"streamgate.messages.send-timeout=6s", "spring.kafka.admin.operation-timeout=2s",
                "spring.kafka.admin.properties.default.api.timeout.ms=2000",
                "spring.kafka.admin.properties.request.timeout.ms=2000"})
@ActiveProfiles("test")
@Tag(IntegrationTest.OWN_JVM)
class KafkaUnavailableTest {

    private static int deadPort;

    @BeforeAll
    static void findAPortWhereNothingListens() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            deadPort = socket.getLocalPort();
        }
    }

    @DynamicPropertySource
    static void kafka(DynamicPropertyRegistry registry) {
        registry.add("spring.kafka.bootstrap-servers", () -> "127.0.0.1:" + deadPort);
    }

    @LocalServerPort
    int port;

    Api api;

    @BeforeEach
    void setUp() {
        api = new Api(port);
    }

    @Test
    void publishingAnswers503WithinTheConfiguredBound() {
        long start = System.nanoTime();
        Api.Response response = api.postJson("/messages", "{\"value\": {\"id\": 1, \"name\": \"lost?\"}}");
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertThat(response.status()).as(response.toString()).isEqualTo(503);
        assertThat(response.isProblem()).isTrue();
        assertThat(response.json().get("detail").asString()).containsIgnoringCase("kafka");
        // The bound is the contract (streamgate.messages.send-timeout), not a speed target.
        assertThat(took).isLessThan(Duration.ofSeconds(6).plusSeconds(2));
    }

    @Test
    void aBatchAnswers503AndListsEveryRecordAsNotStored() {
        Api.Response response = api.postJson("/messages/batch", "[{\"value\": 1}, {\"value\": 2}]");

        assertThat(response.status()).as(response.toString()).isEqualTo(503);
        assertThat(response.isProblem()).isTrue();
        var results = response.json().get("results");
        assertThat(results.size()).isEqualTo(2);
        assertThat(results.get(0).get("error").asString()).isNotBlank();
        assertThat(results.get(1).has("offset")).isFalse();
    }

    @Test
    void healthReportsKafkaDownAndTheAppNotReadyButAlive() {
        var health = api.get("/actuator/health");
        assertThat(health.status()).isEqualTo(503);
        assertThat(health.json().get("components").get("kafka").get("status").asString()).isEqualTo("DOWN");
        var readiness = api.get("/actuator/health/readiness");
        assertThat(readiness.status()).isEqualTo(503);
        assertThat(readiness.json().get("status").asString()).isEqualTo("DOWN");
        assertThat(api.get("/actuator/health/liveness").status()).isEqualTo(200);
    }
}
