package io.streamgate.pipeline.sink;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.spark.sql.Row;

import java.nio.charset.StandardCharsets;

/** A user query's output topic: each row, as {@link RowFormat.Json} writes it, one record with that key and value. */
public record OutputTopic(String topic) implements TopicSink {

    @Override
    public ProducerRecord<byte[], byte[]> record(Row row) {
        return new ProducerRecord<>(topic, bytes(row.getString(0)), bytes(row.getString(1)));
    }

    private static byte[] bytes(String text) {
        return text == null ? null : text.getBytes(StandardCharsets.UTF_8);
    }
}
