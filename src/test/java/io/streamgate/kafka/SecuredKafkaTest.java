package io.streamgate.kafka;

import io.streamgate.Api;
import io.streamgate.EventStreamClient;
import io.streamgate.TopicRecords;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Every Kafka client of the service gets in, configured through {@code spring.kafka.*} alone: the
 * producer behind {@code POST /messages}, Spark's source and sink, the dead-letter and output-topic
 * producers, the tails, the admin calls. Each subclass is one way in.
 */
abstract class SecuredKafkaTest extends SecuredKafka {

    @Test
    void everyKafkaClientOfTheServiceGetsIn() throws Exception {
        assertThat(api.get("/actuator/health").json().at("/components/kafka/status").asString()).isEqualTo("UP");
        List<EventStreamClient.Event> tailed = new CopyOnWriteArrayList<>();
        try (EventStreamClient tail = EventStreamClient.open(HttpClient.newHttpClient(),
                URI.create("http://127.0.0.1:" + port + "/topics/testTopic/tail?from=earliest"), null, tailed::add)) {
            Api.Response sent = api.postJson("/messages/batch", """
                    [{"key": "valid-1", "value": {"id": 1, "name": "widget", "amount": 2.5}},
                     {"key": "broken-1", "value": "not json"}]""");
            assertThat(sent.status()).as(sent.body()).isEqualTo(200);
            assertThat(api.putJson("/queries/copies", """
                    {"sql": "SELECT key, value FROM events", "outputTopic": "copies", "startingOffsets": "earliest"}""")
                    .status()).isEqualTo(201);
            Api.Response started = api.postJson("/queries/start", "{\"startingOffsets\": \"earliest\"}");
            assertThat(started.status()).as(started.body()).isEqualTo(200);
            assertThat(api.post("/queries/copies/start").status()).isEqualTo(200);

            await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> {
                assertThat(api.get("/queries/results?key=valid-1").json().size()).isEqualTo(1);
                assertThat(api.get("/queries/results?key=broken-1").json().size()).isEqualTo(1);
            });
            List<ConsumerRecord<String, String>> deadLetters = TopicRecords.readAll(testClient(), "testTopic.DLT", 1);
            assertThat(deadLetters).extracting(ConsumerRecord::key).containsExactly("broken-1");
            List<ConsumerRecord<String, String>> copies = TopicRecords.readAll(testClient(), "copies", 2);
            assertThat(copies).extracting(copy -> Api.json(copy.value()).get("key").asString())
                    .containsExactlyInAnyOrder("valid-1", "broken-1");
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(archived()).contains("valid-1"));
            await().atMost(Duration.ofSeconds(30)).until(() -> tailed.size() >= 2);
            assertThat(tailed).extracting(event -> event.json().get("key").asString()).contains("valid-1", "broken-1");
        }
    }
}
