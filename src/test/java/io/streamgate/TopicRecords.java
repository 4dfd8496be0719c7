package io.streamgate;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Reads a one-partition topic from its beginning, as a test checks what the app wrote to it. */
public final class TopicRecords {

    private TopicRecords() {
    }

    /**
     * Waits (up to 30 s) for at least {@code atLeast} records, then one more second, so that a test
     * expecting an exact count also sees any record that should not be there.
     */
    public static List<ConsumerRecord<String, String>> readAll(KafkaConnectionDetails kafka, String topic, int atLeast) {
        return readAll(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, String.join(",", kafka.getBootstrapServers())),
                topic, atLeast);
    }

    /** As {@link #readAll(KafkaConnectionDetails, String, int)}, with a client's connection settings. */
    public static List<ConsumerRecord<String, String>> readAll(Map<String, Object> connection, String topic, int atLeast) {
        Map<String, Object> config = new HashMap<>(connection);
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config)) {
            TopicPartition partition = new TopicPartition(topic, 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (records.size() < atLeast && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(500)).forEach(records::add);
            }
            records.addAll(consumer.poll(Duration.ofSeconds(1)).records(partition));
        }
        return records;
    }
}
