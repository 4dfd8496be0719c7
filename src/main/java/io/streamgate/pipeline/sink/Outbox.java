package io.streamgate.pipeline.sink;

import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.spark.sql.Row;

import java.util.List;
import java.util.function.Supplier;

/**
 * Sends each row to the topics that take it, without waiting for each record; {@link #awaitDelivered}
 * says whether all arrived. A batch whose records were not delivered fails, and is processed again,
 * instead of being committed. The producer is asked for at the first record, so a batch with none for
 * any topic needs none.
 */
final class Outbox {

    private final Supplier<Producer<byte[], byte[]>> producers;
    private Producer<byte[], byte[]> producer; // the sending thread's only
    private volatile Exception failure;
    private volatile String lostTopic;

    Outbox(Supplier<Producer<byte[], byte[]>> producer) {
        this.producers = producer;
    }

    void send(List<TopicSink> topics, Row row) {
        topics.forEach(topic -> send(topic, row));
    }

    void send(TopicSink topic, Row row) {
        ProducerRecord<byte[], byte[]> record = topic.record(row);
        if (record != null) {
            send(record);
        }
    }

    private void send(ProducerRecord<byte[], byte[]> record) {
        failIfLost();
        if (producer == null) {
            producer = producers.get();
        }
        producer.send(record, (metadata, error) -> {
            if (error != null) {
                lostTopic = record.topic();
                failure = error;
            }
        });
    }

    void awaitDelivered() {
        if (producer != null) {
            producer.flush();
        }
        failIfLost();
    }

    private void failIfLost() {
        if (failure != null) {
            throw new IllegalStateException("Records to " + lostTopic + " were not delivered", failure);
        }
    }
}
