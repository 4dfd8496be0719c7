package io.streamgate.pipeline.sink;

import io.streamgate.pipeline.kafka.SparkKafkaOptions;
import org.apache.kafka.clients.producer.Producer;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Sends a micro-batch's rows to the query's topics, and returns once Kafka has them all (the batch is
 * committed only after): from the driver when its rows are there already; from Spark's tasks, through
 * Spark's Kafka sink, for a batch too large to bring to the driver; or from Spark's tasks in the one pass
 * that also brings the driver a batch's first rows. A batch Spark runs again after a failure is sent
 * again (at least once, as Spark's Kafka sink is).
 */
public final class TopicWriter {

    private final List<TopicSink> sinks;
    private final Supplier<Producer<byte[], byte[]>> driverProducer;
    private final Map<String, String> sparkOptions;
    private final Map<String, Object> taskProducerConfig;

    /**
     * @param driverProducer     asked for only when there is a record to send
     * @param sparkOptions       Spark's Kafka sink's connection options
     * @param taskProducerConfig the configuration of the producers Spark's tasks send with in one pass
     */
    public TopicWriter(List<TopicSink> sinks, Supplier<Producer<byte[], byte[]>> driverProducer,
                       Map<String, String> sparkOptions, Map<String, Object> taskProducerConfig) {
        this.sinks = List.copyOf(sinks);
        this.driverProducer = driverProducer;
        this.sparkOptions = sparkOptions;
        this.taskProducerConfig = taskProducerConfig;
    }

    boolean isEmpty() {
        return sinks.isEmpty();
    }

    void sendFromDriver(List<Row> rows) {
        Outbox outbox = new Outbox(driverProducer);
        rows.forEach(row -> outbox.send(sinks, row));
        outbox.awaitDelivered();
    }

    /**
     * One Spark job over every partition at once: each row sent from its task, and the batch's first
     * {@code keep} rows (in partition order) brought to the driver. Each task keeps up to {@code keep}
     * rows, so the driver holds at most partitions × {@code keep} for a moment.
     */
    List<Row> sendKeepingFirst(Dataset<Row> batch, int keep) {
        List<Row> first = new ArrayList<>(Math.min(keep, 1024));
        for (List<Row> partition : batch.javaRDD().mapPartitions(new EveryRowPass(sinks, taskProducerConfig, keep)).collect()) {
            first.addAll(partition.subList(0, Math.min(partition.size(), keep - first.size())));
        }
        return first;
    }

    void sendFromTasks(Dataset<Row> batch) {
        for (TopicSink sink : sinks) {
            sink.kafkaRows(batch).write().format(SparkKafkaOptions.FORMAT).options(sparkOptions)
                    .option(SparkKafkaOptions.TOPIC, sink.topic()).save();
        }
    }
}
