package io.streamgate.kafka;

import io.streamgate.Producers;
import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The embedded KRaft broker as a plain Kafka client sees it, across a restart on the same folder. */
class EmbeddedKafkaBrokerTest {

    @TempDir
    Path dataDir;

    @Test
    void topicsAndRecordsSurviveARestartOnTheSameFolder() throws Exception {
        EmbeddedBrokerProperties properties = new EmbeddedBrokerProperties(true, "127.0.0.1", 0, 0, dataDir);

        String clusterId;
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(properties);
             AdminClient admin = admin(broker)) {
            clusterId = admin.describeCluster().clusterId().get();
            admin.createTopics(List.of(new NewTopic("kept", 1, (short) 1))).all().get();
            try (KafkaProducer<String, String> producer = producer(broker)) {
                producer.send(new ProducerRecord<>("kept", "k", "survives")).get();
            }
        }
        assertThat(dataDir.resolve("server.properties")).exists();
        assertThat(Files.exists(dataDir.resolve("logs").resolve("meta.properties"))).isTrue();

        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(properties);
             AdminClient admin = admin(broker)) {
            assertThat(admin.describeCluster().clusterId().get()).isEqualTo(clusterId);
            assertThat(admin.listTopics().names().get()).contains("kept");
            assertThat(readAll(broker, "kept")).containsExactly("survives");
        }
    }

    /**
     * A table's topic is compacted to one record a key although its keys are more than the log cleaner's
     * smaller key map holds in one pass: Kafka cleans it in several.
     */
    @Test
    void aCompactedTopicWithMoreKeysThanOneCleanerPassHoldsKeepsOneRecordAKey() throws Exception {
        int keys = EmbeddedKafkaBroker.CLEANER_KEY_MAP_BYTES / 24; // a key's MD5 and offset; a pass fills 90%
        String topic = "table";
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(new EmbeddedBrokerProperties(true, "127.0.0.1", 0, 0, dataDir));
             AdminClient admin = admin(broker)) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1).configs(Map.of(
                    TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT,
                    TopicConfig.SEGMENT_BYTES_CONFIG, String.valueOf(1024 * 1024),
                    TopicConfig.MIN_CLEANABLE_DIRTY_RATIO_CONFIG, "0.01")))).all().get();
            try (KafkaProducer<String, String> producer = producer(broker)) {
                for (String value : List.of("old", "new")) {
                    for (int key = 0; key < keys; key++) {
                        producer.send(new ProducerRecord<>(topic, "k" + key, value));
                    }
                }
                // The segment being written is never cleaned: fill one more, so that every key's last record is behind it.
                String filler = "x".repeat(1000);
                for (int i = 0; i < 2_000; i++) {
                    producer.send(new ProducerRecord<>(topic, "filler", filler));
                }
                producer.flush();
            }
            TopicPartition partition = new TopicPartition(topic, 0);
            Map<String, List<String>> byKey = await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(2))
                    .until(() -> valuesByKey(broker, partition, "filler"),
                            read -> read.values().stream().noneMatch(values -> values.size() > 1));
            assertThat(byKey).hasSize(keys);
            assertThat(byKey.values()).allSatisfy(values -> assertThat(values).containsExactly("new"));
        }
    }

    /**
     * Ports picked for a broker (and for the processes the tests start) are below the kernel's ephemeral
     * ports, so that no bind to port 0 nor outgoing connection takes one before its listener binds it.
     */
    @Test
    void aPickedPortIsFreeAndBelowTheEphemeralPorts() throws Exception {
        for (int i = 0; i < 50; i++) {
            int port = EmbeddedKafkaBroker.freePort("127.0.0.1");
            assertThat(port).isBetween(10_000, 32_767);
            try (ServerSocket listening = new ServerSocket(port, 1, InetAddress.getByName("127.0.0.1"))) {
                assertThat(listening.getLocalPort()).isEqualTo(port);
            }
        }
    }

    private static AdminClient admin(EmbeddedKafkaBroker broker) {
        return AdminClient.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()));
    }

    private static KafkaProducer<String, String> producer(EmbeddedKafkaBroker broker) {
        return Producers.strings(broker.bootstrapServers());
    }

    private static KafkaConsumer<String, String> consumer(EmbeddedKafkaBroker broker) {
        return new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class));
    }

    /** Every record's value by its key, from the beginning to the end, the records of {@code leftOut} left out. */
    private static Map<String, List<String>> valuesByKey(EmbeddedKafkaBroker broker, TopicPartition partition, String leftOut) {
        Map<String, List<String>> byKey = new HashMap<>();
        try (KafkaConsumer<String, String> consumer = consumer(broker)) {
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long end = consumer.endOffsets(List.of(partition)).get(partition);
            while (consumer.position(partition) < end) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    byKey.computeIfAbsent(record.key(), key -> new ArrayList<>()).add(record.value());
                }
            }
        }
        byKey.remove(leftOut);
        return byKey;
    }

    private static List<String> readAll(EmbeddedKafkaBroker broker, String topic) {
        TopicPartition partition = new TopicPartition(topic, 0);
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = consumer(broker)) {
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (values.isEmpty() && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    values.add(record.value());
                }
            }
        }
        return values;
    }
}
