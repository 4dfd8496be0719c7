package io.streamgate.messages;

import org.apache.kafka.clients.producer.RecordMetadata;

import java.time.Instant;

/** Where Kafka stored a record, from its acknowledgement. */
public record PublishedRecord(String topic, int partition, long offset, Instant timestamp) {

    static PublishedRecord of(RecordMetadata metadata) {
        return new PublishedRecord(metadata.topic(), metadata.partition(), metadata.offset(),
                Instant.ofEpochMilli(metadata.timestamp()));
    }
}
