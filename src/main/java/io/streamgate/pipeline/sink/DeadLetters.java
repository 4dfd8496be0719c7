package io.streamgate.pipeline.sink;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.types.StructType;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static io.streamgate.pipeline.definition.Columns.KEY;
import static io.streamgate.pipeline.definition.Columns.OFFSET;
import static io.streamgate.pipeline.definition.Columns.PARTITION;
import static io.streamgate.pipeline.definition.Columns.TOPIC;
import static io.streamgate.pipeline.definition.Columns.VALID;
import static io.streamgate.pipeline.definition.Columns.VALIDATION_ERROR;
import static io.streamgate.pipeline.definition.Columns.VALUE;

/**
 * Records that failed validation, sent to the dead-letter topic with their key and value as they arrived,
 * and why and where from in headers (Spring Kafka's {@code .DLT} convention, with headers of our own).
 */
public record DeadLetters(String topic) implements TopicSink {

    static final String REASON_HEADER = "streamgate.validation.error";
    static final String ORIGIN_TOPIC_HEADER = "streamgate.origin.topic";
    static final String ORIGIN_PARTITION_HEADER = "streamgate.origin.partition";
    static final String ORIGIN_OFFSET_HEADER = "streamgate.origin.offset";

    @Override
    public ProducerRecord<byte[], byte[]> record(Row row) {
        if (row.<Boolean>getAs(VALID)) {
            return null;
        }
        List<Header> headers = List.of(
                header(REASON_HEADER, row.<String>getAs(VALIDATION_ERROR)),
                header(ORIGIN_TOPIC_HEADER, row.<String>getAs(TOPIC)),
                header(ORIGIN_PARTITION_HEADER, String.valueOf(row.<Integer>getAs(PARTITION))),
                header(ORIGIN_OFFSET_HEADER, String.valueOf(row.<Long>getAs(OFFSET))));
        return new ProducerRecord<>(topic, null, bytes(row.getAs(KEY)), bytes(row.getAs(VALUE)), headers);
    }

    @Override
    public boolean mayTake(InternalRow row, StructType schema) {
        return !row.getBoolean(schema.fieldIndex(VALID));
    }

    private static Header header(String name, String value) {
        return new RecordHeader(name, bytes(value));
    }

    private static byte[] bytes(String text) {
        return text == null ? null : text.getBytes(StandardCharsets.UTF_8);
    }
}
