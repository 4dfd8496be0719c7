package io.streamgate.pipeline;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.function.Supplier;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.struct;

/**
 * Sends the rows that failed validation to the dead-letter topic with Spark's Kafka sink, keeping
 * key and value as they arrived and saying why, and where from, in headers.
 */
record DeadLetters(String bootstrapServers, String topic) implements Serializable {

    static final String REASON_HEADER = "streamgate.validation.error";
    static final String ORIGIN_TOPIC_HEADER = "streamgate.origin.topic";
    static final String ORIGIN_PARTITION_HEADER = "streamgate.origin.partition";
    static final String ORIGIN_OFFSET_HEADER = "streamgate.origin.offset";

    void send(Dataset<Row> batch) {
        batch.filter(not(col("valid")))
                .select(col("key"), col("value"), array(
                        header(REASON_HEADER, col("validation_error")),
                        header(ORIGIN_TOPIC_HEADER, col("topic")),
                        header(ORIGIN_PARTITION_HEADER, col("partition")),
                        header(ORIGIN_OFFSET_HEADER, col("offset"))).as("headers"))
                .write()
                .format("kafka")
                .option("kafka.bootstrap.servers", bootstrapServers)
                .option("kafka.acks", "all")
                .option("topic", topic)
                .save();
    }

    /**
     * The same dead letters, for rows already collected to the driver: waits until Kafka has them all,
     * so that a batch whose dead letters were not delivered fails (and is replayed) instead of committing.
     */
    void sendFromDriver(List<Row> rows, Supplier<Producer<byte[], byte[]>> producer) {
        List<Row> invalid = rows.stream().filter(row -> !row.<Boolean>getAs("valid")).toList();
        if (invalid.isEmpty()) {
            return;
        }
        try {
            List<Future<RecordMetadata>> sent = invalid.stream().map(row -> producer.get().send(record(row))).toList();
            for (Future<RecordMetadata> delivery : sent) {
                delivery.get();
            }
        } catch (ExecutionException e) {
            throw new IllegalStateException("Dead letters to " + topic + " were not delivered", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while sending dead letters to " + topic, e);
        }
    }

    /** The same dead letter for one row, for a producer of the caller's (real-time mode's row-by-row sink). */
    ProducerRecord<byte[], byte[]> record(Row row) {
        String key = row.getAs("key");
        String value = row.getAs("value");
        List<Header> headers = List.of(
                kafkaHeader(REASON_HEADER, row.<String>getAs("validation_error")),
                kafkaHeader(ORIGIN_TOPIC_HEADER, row.<String>getAs("topic")),
                kafkaHeader(ORIGIN_PARTITION_HEADER, String.valueOf(row.<Integer>getAs("partition"))),
                kafkaHeader(ORIGIN_OFFSET_HEADER, String.valueOf(row.<Long>getAs("offset"))));
        return new ProducerRecord<>(topic, null, bytes(key), bytes(value), headers);
    }

    Map<String, Object> producerConfig() {
        return Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    }

    private static Header kafkaHeader(String name, String value) {
        return new RecordHeader(name, bytes(value));
    }

    private static byte[] bytes(String text) {
        return text == null ? null : text.getBytes(StandardCharsets.UTF_8);
    }

    private static Column header(String name, Column value) {
        return struct(lit(name).as("key"), value.cast("string").cast("binary").as("value"));
    }
}
