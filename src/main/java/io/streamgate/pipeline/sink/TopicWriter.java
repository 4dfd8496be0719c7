package io.streamgate.pipeline.sink;

import io.streamgate.pipeline.kafka.SparkKafkaOptions;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Sends a micro-batch's rows to the query's topics, and returns once Kafka has them all (the batch is
 * committed only after): from the driver when its rows are there already, or from Spark's tasks, through
 * Spark's Kafka sink, for a batch too large to bring to the driver. A batch Spark runs again after a
 * failure is sent again (at least once, as Spark's Kafka sink is).
 */
public final class TopicWriter {

    private final List<TopicSink> sinks;
    private final Supplier<Producer<byte[], byte[]>> driverProducer;
    private final Map<String, String> sparkOptions;

    /**
     * @param driverProducer asked for only when there is a record to send
     * @param sparkOptions   Spark's Kafka sink's connection options
     */
    public TopicWriter(List<TopicSink> sinks, Supplier<Producer<byte[], byte[]>> driverProducer,
                       Map<String, String> sparkOptions) {
        this.sinks = List.copyOf(sinks);
        this.driverProducer = driverProducer;
        this.sparkOptions = sparkOptions;
    }

    boolean isEmpty() {
        return sinks.isEmpty();
    }

    void sendFromDriver(List<Row> rows) {
        Outbox outbox = null;
        for (Row row : rows) {
            for (TopicSink sink : sinks) {
                ProducerRecord<byte[], byte[]> record = sink.record(row);
                if (record != null) {
                    if (outbox == null) {
                        outbox = new Outbox(driverProducer.get());
                    }
                    outbox.send(record);
                }
            }
        }
        if (outbox != null) {
            outbox.awaitDelivered();
        }
    }

    void sendFromTasks(Dataset<Row> batch) {
        for (TopicSink sink : sinks) {
            sink.kafkaRows(batch).write().format(SparkKafkaOptions.FORMAT).options(sparkOptions)
                    .option(SparkKafkaOptions.TOPIC, sink.topic()).save();
        }
    }
}
