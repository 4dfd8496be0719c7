package io.streamgate.pipeline;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.spark.api.java.function.ForeachPartitionFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import static io.streamgate.pipeline.Columns.KEY;
import static io.streamgate.pipeline.Columns.OFFSET;
import static io.streamgate.pipeline.Columns.PARTITION;
import static io.streamgate.pipeline.Columns.TOPIC;
import static io.streamgate.pipeline.Columns.VALID;
import static io.streamgate.pipeline.Columns.VALIDATION_ERROR;
import static io.streamgate.pipeline.Columns.VALUE;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.not;

/**
 * Rows that failed validation, sent to the dead-letter topic with their key and value as they arrived,
 * and why and where from in headers. The one way dead letters leave, whoever sends them: the driver
 * for a micro-batch it has collected, Spark's tasks for a larger one, real-time mode's writer row by row.
 * Serializable, so that Spark's tasks carry it.
 */
record DeadLetters(String bootstrapServers, String topic) implements Serializable {

    static final String REASON_HEADER = "streamgate.validation.error";
    static final String ORIGIN_TOPIC_HEADER = "streamgate.origin.topic";
    static final String ORIGIN_PARTITION_HEADER = "streamgate.origin.partition";
    static final String ORIGIN_OFFSET_HEADER = "streamgate.origin.offset";

    /** A producer of the caller's: the driver keeps one for all its batches, a task makes one for its rows. */
    Producer<byte[], byte[]> newProducer() {
        return new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class));
    }

    /**
     * Sends the invalid rows among these and waits until Kafka has them all: a batch whose dead letters
     * were not delivered fails, and is processed again, instead of being committed.
     *
     * @param producer asked for only when there is a dead letter to send
     */
    void send(Iterator<Row> rows, Supplier<Producer<byte[], byte[]>> producer) {
        Outbox outbox = null;
        while (rows.hasNext()) {
            Row row = rows.next();
            if (!row.<Boolean>getAs(VALID)) {
                if (outbox == null) {
                    outbox = new Outbox(producer.get());
                }
                outbox.offer(row);
            }
        }
        if (outbox != null) {
            outbox.awaitDelivered();
        }
    }

    /** The same from Spark's tasks, each with a producer of its own: for a batch too large to bring to the driver. */
    void sendFromTasks(Dataset<Row> batch) {
        batch.filter(not(col(VALID))).foreachPartition(new FromTask(this));
    }

    /** Sends as rows come, without waiting for each; {@link #awaitDelivered} says whether all arrived. */
    final class Outbox {

        private final Producer<byte[], byte[]> producer;
        private volatile Exception failure;

        Outbox(Producer<byte[], byte[]> producer) {
            this.producer = producer;
        }

        void offer(Row row) {
            failIfLost();
            if (!row.<Boolean>getAs(VALID)) {
                producer.send(record(row), (metadata, error) -> {
                    if (error != null) {
                        failure = error;
                    }
                });
            }
        }

        void awaitDelivered() {
            producer.flush();
            failIfLost();
        }

        private void failIfLost() {
            if (failure != null) {
                throw new IllegalStateException("Dead letters to " + topic + " were not delivered", failure);
            }
        }
    }

    private ProducerRecord<byte[], byte[]> record(Row row) {
        List<Header> headers = List.of(
                header(REASON_HEADER, row.<String>getAs(VALIDATION_ERROR)),
                header(ORIGIN_TOPIC_HEADER, row.<String>getAs(TOPIC)),
                header(ORIGIN_PARTITION_HEADER, String.valueOf(row.<Integer>getAs(PARTITION))),
                header(ORIGIN_OFFSET_HEADER, String.valueOf(row.<Long>getAs(OFFSET))));
        return new ProducerRecord<>(topic, null, bytes(row.getAs(KEY)), bytes(row.getAs(VALUE)), headers);
    }

    private static Header header(String name, String value) {
        return new RecordHeader(name, bytes(value));
    }

    private static byte[] bytes(String text) {
        return text == null ? null : text.getBytes(StandardCharsets.UTF_8);
    }

    /** One task's invalid rows: a producer for them, if there are any, closed once Kafka has them all. */
    private record FromTask(DeadLetters deadLetters) implements ForeachPartitionFunction<Row> {

        @Override
        public void call(Iterator<Row> invalidRows) {
            if (!invalidRows.hasNext()) {
                return;
            }
            try (Producer<byte[], byte[]> producer = deadLetters.newProducer()) {
                deadLetters.send(invalidRows, () -> producer);
            }
        }
    }
}
