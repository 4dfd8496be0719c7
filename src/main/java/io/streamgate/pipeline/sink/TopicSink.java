package io.streamgate.pipeline.sink;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

import io.streamgate.pipeline.definition.Sinks;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * A Kafka topic a query's rows also go to, from wherever they are: the driver, out of rows it collected;
 * Spark's tasks, through Spark's Kafka sink; real-time mode's writer, row by row. Each way writes the
 * same records.
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

    /** The batch's records as Spark's Kafka sink writes them: {@code key}, {@code value} and optional {@code headers}. */
    Dataset<Row> kafkaRows(Dataset<Row> batch);
}
