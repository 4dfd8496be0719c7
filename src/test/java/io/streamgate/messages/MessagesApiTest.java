package io.streamgate.messages;

import io.streamgate.Api;
import io.streamgate.IntegrationTest;
import io.streamgate.kafka.Topics;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * POST /messages and /messages/batch, and the same under /topics/{topic}, against the real embedded broker,
 * read back with a plain consumer.
 */
@IntegrationTest
class MessagesApiTest {

    @LocalServerPort
    int port;

    @Autowired
    KafkaConnectionDetails kafka;

    @Autowired
    Topics topics;

    Api api;

    @BeforeEach
    void setUp() {
        api = new Api(port);
    }

    @Test
    void aJsonMessageIsStoredWithItsKeyValueAndHeaders() {
        Api.Response response = api.postJson("/messages",
                "{\"key\": \"order-1\", \"value\": {\"id\": 1, \"name\": \"widget\"}, \"headers\": {\"source\": \"test\", \"trace\": \"ü-✓\"}}");

        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        JsonNode stored = response.json();
        assertThat(stored.get("topic").asString()).isEqualTo("testTopic");
        assertThat(stored.get("partition").asInt()).isZero();
        assertThat(stored.get("timestamp").asString()).isNotBlank();

        ConsumerRecord<String, String> record = readBack(stored.get("offset").asLong());
        assertThat(record.key()).isEqualTo("order-1");
        assertThat(record.value()).isEqualTo("{\"id\":1,\"name\":\"widget\"}");
        assertThat(new String(record.headers().lastHeader("source").value(), StandardCharsets.UTF_8)).isEqualTo("test");
        assertThat(new String(record.headers().lastHeader("trace").value(), StandardCharsets.UTF_8)).isEqualTo("ü-✓");
    }

    @Test
    void aJsonStringValueIsSentAsItsText() {
        Api.Response response = api.postJson("/messages", "{\"value\": \"just text\"}");

        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        ConsumerRecord<String, String> record = readBack(response.json().get("offset").asLong());
        assertThat(record.key()).isNull();
        assertThat(record.value()).isEqualTo("just text");
    }

    @Test
    void aPlainTextBodyIsTheValue() {
        Api.Response response = api.post("/messages", Api.TEXT, "hello kafka");

        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        assertThat(readBack(response.json().get("offset").asLong()).value()).isEqualTo("hello kafka");
    }

    @Test
    void aBatchIsStoredInOrderWithOneResultPerRecord() {
        String id = UUID.randomUUID().toString();
        List<String> messages = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            messages.add("{\"key\": \"" + id + "\", \"value\": {\"id\": " + i + ", \"name\": \"n" + i + "\"}}");
        }
        Api.Response response = api.postJson("/messages/batch", "[" + String.join(",", messages) + "]");

        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        JsonNode results = response.json();
        assertThat(results.size()).isEqualTo(20);
        long firstOffset = results.get(0).get("offset").asLong();
        for (int i = 0; i < 20; i++) {
            assertThat(results.get(i).get("index").asInt()).isEqualTo(i);
            assertThat(results.get(i).get("offset").asLong()).isEqualTo(firstOffset + i);
        }
        ConsumerRecord<String, String> last = readBack(firstOffset + 19);
        assertThat(last.key()).isEqualTo(id);
        assertThat(last.value()).isEqualTo("{\"id\":19,\"name\":\"n19\"}");
    }


    @Test
    void aMessageWithoutValueIsABadRequest() {
        assertProblem(api.postJson("/messages", "{\"key\": \"k\"}"), 400);
        assertProblem(api.postJson("/messages", "{\"value\": null}"), 400);
        assertProblem(api.postJson("/messages", ""), 400);
    }

    @Test
    void aBatchWithOneInvalidMessageSendsNothing() {
        long before = endOffset();
        Api.Response response = api.postJson("/messages/batch", "[{\"value\": 1}, {\"key\": \"no value\"}]");

        assertProblem(response, 400);
        assertThat(response.json().get("detail").asString()).contains("[1].value");
        assertThat(endOffset()).isEqualTo(before);
    }

    @Test
    void aBatchOverTheConfiguredSizeIsTooLarge() {
        String tooMany = "[" + String.join(",", java.util.Collections.nCopies(51, "{\"value\": 1}")) + "]";
        assertProblem(api.postJson("/messages/batch", tooMany), 413);
    }

    @Test
    void aBodyOverTheLimitIsTooLargeWhetherItsLengthIsKnownOrNot() {
        String big = "x".repeat(1024 * 1024 + 1);
        assertProblem(api.post("/messages", Api.TEXT, big), 413);

        // Without a Content-Length the body arrives chunked and is counted while it is read.
        HttpRequest.BodyPublisher chunked = HttpRequest.BodyPublishers.ofInputStream(
                () -> new java.io.ByteArrayInputStream(big.getBytes(StandardCharsets.UTF_8)));
        assertProblem(api.post("/messages", Api.TEXT, chunked, Map.of()), 413);
    }

    @Test
    void theServicesTopicAndAQuerysOutputTopicTakeMessagesByName() {
        Api.Response own = api.postJson("/topics/testTopic/messages", "{\"key\": \"by-name\", \"value\": {\"id\": 1}}");
        assertThat(own.status()).as(own.toString()).isEqualTo(200);
        assertThat(own.json().get("topic").asString()).isEqualTo("testTopic");
        assertThat(readBack("testTopic", own.json().get("offset").asLong()).key()).isEqualTo("by-name");

        assertProblem(api.postJson("/topics/produced-out/messages", "{\"value\": 1}"), 404);
        Api.Response defined = api.putJson("/queries/produced-to",
                "{\"sql\": \"SELECT key, value FROM events\", \"outputTopic\": \"produced-out\"}");
        assertThat(defined.status()).as(defined.toString()).isEqualTo(201);
        try {
            topics.createIfMissing("produced-out");
            Api.Response batch = api.postJson("/topics/produced-out/messages/batch",
                    "[{\"key\": \"a\", \"value\": \"one\"}, {\"key\": \"b\", \"value\": \"two\"}]");
            assertThat(batch.status()).as(batch.toString()).isEqualTo(200);
            assertThat(batch.json().get(1).get("topic").asString()).isEqualTo("produced-out");
            assertThat(readBack("produced-out", batch.json().get(1).get("offset").asLong()).value()).isEqualTo("two");
            Api.Response text = api.post("/topics/produced-out/messages", Api.TEXT, "plain");
            assertThat(readBack("produced-out", text.json().get("offset").asLong()).value()).isEqualTo("plain");
        } finally {
            api.delete("/queries/produced-to");
        }
    }

    @Test
    void theDeadLetterTopicIsReadOnlyAndAnyOtherTopicUnknown() {
        long before = endOffset();
        Api.Response deadLetters = api.postJson("/topics/testTopic.DLT/messages", "{\"value\": 1}");
        assertProblem(deadLetters, 403);
        assertThat(deadLetters.json().get("detail").asString()).contains("dead-letter topic");
        assertProblem(api.postJson("/topics/testTopic.DLT/messages/batch", "[{\"value\": 1}]"), 403);
        Api.Response unknown = api.postJson("/topics/__consumer_offsets/messages", "{\"value\": 1}");
        assertProblem(unknown, 404);
        assertThat(unknown.json().get("detail").asString()).contains("not a topic of this service");
        assertProblem(api.postJson("/topics/testTopic/messages", "{\"key\": \"no value\"}"), 400);
        assertThat(endOffset()).isEqualTo(before);
    }

    private static void assertProblem(Api.Response response, int status) {
        assertThat(response.status()).as(response.toString()).isEqualTo(status);
        assertThat(response.isProblem()).as(response.toString()).isTrue();
        JsonNode problem = response.json();
        assertThat(problem.get("status").asInt()).isEqualTo(status);
        assertThat(problem.get("title").asString()).isNotBlank();
        assertThat(response.body()).doesNotContain("\tat ").doesNotContain("Exception:");
    }

    private KafkaConsumer<String, String> consumer() {
        return new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, String.join(",", kafka.getBootstrapServers()),
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class));
    }

    private ConsumerRecord<String, String> readBack(long offset) {
        return readBack("testTopic", offset);
    }

    private ConsumerRecord<String, String> readBack(String topic, long offset) {
        TopicPartition partition = new TopicPartition(topic, 0);
        try (KafkaConsumer<String, String> consumer = consumer()) {
            consumer.assign(List.of(partition));
            consumer.seek(partition, offset);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    if (record.offset() == offset) {
                        return record;
                    }
                }
            }
        }
        throw new AssertionError("No record at offset " + offset);
    }

    private long endOffset() {
        TopicPartition partition = new TopicPartition("testTopic", 0);
        try (KafkaConsumer<String, String> consumer = consumer()) {
            return consumer.endOffsets(List.of(partition)).get(partition);
        }
    }
}
