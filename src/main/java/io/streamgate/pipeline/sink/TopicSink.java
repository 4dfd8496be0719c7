package io.streamgate.pipeline.sink;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.types.StructType;

import io.streamgate.pipeline.definition.Sinks;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * A Kafka topic a query's rows also go to, from Spark's tasks: a micro-batch's as they go by
 * ({@link RowPass}), real-time mode's row by row ({@link RealTimeWriter}).
 */
public sealed interface TopicSink extends Serializable permits DeadLetters, OutputTopic {

    /** The topics of a query's sinks: its dead letters, its output topic. */
    static List<TopicSink> of(Sinks sinks, String deadLetterTopic) {
        List<TopicSink> topics = new ArrayList<>();
        if (sinks.deadLetters()) {
            topics.add(new DeadLetters(deadLetterTopic));
        }
        sinks.outputTopic().ifPresent(topic -> topics.add(new OutputTopic(topic)));
        return topics;
    }

    String topic();

    /** The record a row becomes; null when the row does not go to this topic. */
    ProducerRecord<byte[], byte[]> record(Row row);

    /**
     * Whether a row, as Spark's tasks hold it, may become a record here: asked before the row is converted
     * for {@link #record}, so that a topic that takes few rows costs little for the rest.
     */
    default boolean mayTake(InternalRow row, StructType schema) {
        return true;
    }
}
