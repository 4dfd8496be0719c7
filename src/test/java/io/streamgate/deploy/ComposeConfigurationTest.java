package io.streamgate.deploy;

import io.streamgate.IntegrationTest;
import io.streamgate.Api;
import io.streamgate.StreamgateApplication;
import io.streamgate.kafka.EmbeddedKafkaBroker;
import io.streamgate.kafka.KafkaCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import tools.jackson.databind.JsonNode;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The app as Compose runs it: its environment read from docker-compose.yml, Kafka a separate broker
 * process (KRaft, from Kafka's jars) instead of the "kafka" container. Only the addresses and
 * folders that exist inside containers are swapped for local ones.
 */
@Tag(IntegrationTest.OWN_JVM)
class ComposeConfigurationTest {

    @TempDir
    static Path dataDir;

    static KafkaCluster kafka;
    static ConfigurableApplicationContext app;
    static Api api;

    @BeforeAll
    static void startKafkaThenTheAppWithTheComposeEnvironment() {
        kafka = KafkaCluster.start(dataDir.resolve("kafka"), 1);

        Map<String, Object> env = new HashMap<>(ComposeFile.load().environment("app"));
        assertThat(env.get("SPRING_KAFKA_BOOTSTRAP_SERVERS")).isEqualTo("kafka:29092");
        env.put("SPRING_KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
        env.put("STREAMGATE_PIPELINE_CHECKPOINT_DIR", dataDir.resolve("checkpoints").toString());
        env.put("STREAMGATE_PIPELINE_ARCHIVE_PATH", dataDir.resolve("archive").toString());
        // Compose's default when STREAMGATE_API_KEY is not given
        String apiKey = String.valueOf(env.get("STREAMGATE_SECURITY_API_KEY")).replaceAll("^\\$\\{STREAMGATE_API_KEY:-(.*)}$", "$1");
        env.put("STREAMGATE_SECURITY_API_KEY", apiKey);

        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new SystemEnvironmentPropertySource(
                "compose-" + StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, env));
        // What a test machine needs on top: free ports, a small Spark, and a folder to prove untouched.
        environment.getPropertySources().addFirst(new MapPropertySource("test", Map.of(
                "server.port", "0", "streamgate.spark.master", "local[2]", "streamgate.spark.ui-enabled", "false",
                "streamgate.kafka.embedded.data-dir", dataDir.resolve("must-stay-empty").toString())));
        app = new SpringApplicationBuilder(StreamgateApplication.class).environment(environment).run();
        int port = ((WebServerApplicationContext) app).getWebServer().getPort();
        assertThat(new Api(port).post("/queries/stop").status()).as("the API key is on in Compose").isEqualTo(401);
        api = new Api(port, Map.of("X-API-Key", apiKey));
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void noEmbeddedBrokerStartsWhenBootstrapServersAreGiven() {
        assertThat(app.getBeansOfType(EmbeddedKafkaBroker.class)).isEmpty();
        assertThat(dataDir.resolve("must-stay-empty")).doesNotExist();
    }

    @Test
    void messagesFlowThroughTheExternalBrokerAndTheQuery() {
        String key = UUID.randomUUID().toString();
        Api.Response stored = api.postJson("/messages", "{\"key\": \"" + key + "\", \"value\": {\"id\": 7, \"name\": \"compose\"}}");
        assertThat(stored.status()).as(stored.toString()).isEqualTo(200);
        assertThat(stored.json().get("topic").asString()).isEqualTo("testTopic");

        assertThat(api.postJson("/queries/start", "{\"startingOffsets\": \"earliest\"}").status()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            JsonNode rows = api.get("/queries/results?limit=10").json();
            assertThat(rows.size()).isPositive();
            assertThat(rows.get(0).get("key").asString()).isEqualTo(key);
            assertThat(rows.get(0).get("valid").asBoolean()).isTrue();
        });
        assertThat(api.post("/queries/stop").status()).isEqualTo(200);
    }

    @Test
    void healthProbesAndInfoShowTheExternalCluster() {
        assertThat(api.get("/actuator/health/readiness").json().get("status").asString()).isEqualTo("UP");
        assertThat(api.get("/actuator/health/liveness").json().get("status").asString()).isEqualTo("UP");
        JsonNode info = api.get("/actuator/info").json();
        assertThat(info.get("spark").get("master").asString()).isEqualTo("local[2]");
        assertThat(info.get("spark").get("version").asString()).isEqualTo("4.2.0");
        assertThat(info.get("kafka").get("clientVersion").asString()).isNotBlank();
        assertThat(info.get("build").get("artifact").asString()).isEqualTo("streamgate");
    }
}
