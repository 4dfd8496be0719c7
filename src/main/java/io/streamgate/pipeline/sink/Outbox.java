package io.streamgate.pipeline.sink;

import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Sends records without waiting for each; {@link #awaitDelivered} says whether all arrived. A batch
 * whose records were not delivered fails, and is processed again, instead of being committed.
 */
final class Outbox {

    private final Producer<byte[], byte[]> producer;
    private volatile Exception failure;
    private volatile String lostTopic;

    Outbox(Producer<byte[], byte[]> producer) {
        this.producer = producer;
    }

    void send(ProducerRecord<byte[], byte[]> record) {
        failIfLost();
        producer.send(record, (metadata, error) -> {
            if (error != null) {
                lostTopic = record.topic();
                failure = error;
            }
        });
    }

    void awaitDelivered() {
        producer.flush();
        failIfLost();
    }

    private void failIfLost() {
        if (failure != null) {
            throw new IllegalStateException("Records to " + lostTopic + " were not delivered", failure);
        }
    }
}
