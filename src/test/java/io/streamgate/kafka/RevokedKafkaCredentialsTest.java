package io.streamgate.kafka;

import io.streamgate.Api;
import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialDeletion;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The service's Kafka user loses its credentials while its queries run (the broker makes clients
 * authenticate again every few seconds): the queries do not look healthy, they say why, and they come
 * back with backoff once the credentials do, having lost nothing.
 */
class RevokedKafkaCredentialsTest extends SecuredKafka {

    @BeforeAll
    static void startIt() {
        start(kafka -> {
            Map<String, Object> settings = new HashMap<>(scram(kafka, "alice", USERS.get("alice")));
            settings.put("streamgate.pipeline.restart.initial-backoff", "1s");
            settings.put("streamgate.pipeline.restart.max-backoff", "5s");
            settings.put("streamgate.pipeline.restart.max-attempts", "100");
            return settings;
        });
    }

    @Test
    void aQueryWhoseCredentialsWereTakenAwaySaysWhyAndResumesWhenTheyAreBack() throws Exception {
        assertThat(api.postJson("/queries/start", "{\"startingOffsets\": \"earliest\"}").status()).isEqualTo(200);
        assertThat(api.postJson("/messages", "{\"key\": \"before\", \"value\": {\"id\": 1, \"name\": \"n\"}}").status())
                .isEqualTo(200);
        await().atMost(Duration.ofSeconds(60)).until(() -> api.get("/queries/results?key=before").json().size() == 1);

        scramCredential(false);
        produceAsTheTest("during");

        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            JsonNode status = api.get("/queries/status").json();
            assertThat(status.get("state").asString()).as(status.toString()).isIn("RESTARTING", "FAILED");
            assertThat(status.at("/restarts/lastFailure").asString()).contains("Authentication failed");
        });

        scramCredential(true);
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            assertThat(api.get("/queries/status").json().get("state").asString()).isEqualTo("RUNNING");
            assertThat(api.get("/queries/results?key=during").json().size()).isEqualTo(1);
        });
    }

    private static void scramCredential(boolean present) throws Exception {
        try (AdminClient admin = kafka.admin()) {
            var change = present
                    ? new UserScramCredentialUpsertion("alice", new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 4096),
                    USERS.get("alice"))
                    : new UserScramCredentialDeletion("alice", ScramMechanism.SCRAM_SHA_512);
            admin.alterUserScramCredentials(List.of(change)).all().get(10, TimeUnit.SECONDS);
        }
    }

    private static void produceAsTheTest(String key) throws Exception {
        Map<String, Object> config = new HashMap<>(testClient());
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(config)) {
            producer.send(new ProducerRecord<>("testTopic", key, "{\"id\": 2, \"name\": \"n\"}")).get(10, TimeUnit.SECONDS);
        }
    }
}
