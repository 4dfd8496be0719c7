package io.streamgate.pipeline.kafka;

import io.streamgate.kafka.KafkaClientSettings;
import io.streamgate.pipeline.definition.PipelineProperties;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.DataStreamReader;
import org.springframework.stereotype.Component;

import java.util.HashMap;
import java.util.Map;

/**
 * The pipeline's Kafka clients, configured as every client of the service is ({@link KafkaClientSettings}):
 * the producer the driver makes, the producers Spark's tasks make, and Spark's Kafka sources and sinks
 * with their {@code kafka.}-prefixed options.
 */
@Component
public class KafkaClients {

    /** Spark's Kafka source and sink pass options with this prefix on to their Kafka clients. */
    public static final String SPARK_PREFIX = "kafka.";
    /** The source's option that adds each record's headers as a column. */
    public static final String INCLUDE_HEADERS = "includeHeaders";

    /**
     * What a producer of rows to the query's topics (dead letters, output topics) sets over the service's
     * Kafka settings: acknowledged by every in-sync replica, sent at once. Keys and values are bytes:
     * dead letters keep them as they arrived.
     */
    private static final Map<String, Object> ROW_PRODUCER = Map.of(
            ProducerConfig.ACKS_CONFIG, "all",
            ProducerConfig.LINGER_MS_CONFIG, 0,
            ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName(),
            ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());

    private final KafkaClientSettings clients;
    private final Map<String, String> sourceOptions;

    public KafkaClients(KafkaClientSettings clients, PipelineProperties settings) {
        this.clients = clients;
        this.sourceOptions = settings.sourceOptions();
    }

    /**
     * A producer of rows that real-time mode's tasks make, each record sent at once: the connection as
     * strings ({@link KafkaClientSettings#spark()}), which travel to an executor as they are.
     */
    public Map<String, Object> taskProducerConfig() {
        Map<String, Object> config = new HashMap<>(clients.spark());
        config.putAll(ROW_PRODUCER);
        return config;
    }

    /**
     * A producer of rows that a micro-batch's tasks make: records wait up to 5 ms to go in batches
     * (Kafka's own default since 4.0), as each task flushes its records when its rows end anyway. Sent at
     * once, a backlog's dead letters went as a request each, which the broker, on the same cores, paid for.
     */
    public Map<String, Object> batchTaskProducerConfig() {
        Map<String, Object> config = taskProducerConfig();
        config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        return config;
    }

    /** Spark's Kafka source of a topic, its records' headers included, with {@code streamgate.pipeline.source-options}. */
    public DataStreamReader source(SparkSession session, String topic, String startingOffsets) {
        DataStreamReader reader = session.readStream()
                .format(SparkKafkaOptions.FORMAT)
                .options(sparkOptions())
                .option(SparkKafkaOptions.SUBSCRIBE, topic)
                .option(SparkKafkaOptions.STARTING_OFFSETS, startingOffsets)
                .option(INCLUDE_HEADERS, true);
        sourceOptions.forEach(reader::option);
        return reader;
    }

    /**
     * A batch read of a topic from its start to its end; Spark fixes the end when it plans the read, so a
     * stream joined to it reads it anew at each micro-batch.
     */
    public Dataset<Row> table(SparkSession session, String topic) {
        return session.read()
                .format(SparkKafkaOptions.FORMAT)
                .options(sparkOptions())
                .option(SparkKafkaOptions.SUBSCRIBE, topic)
                .option(SparkKafkaOptions.STARTING_OFFSETS, "earliest")
                .option(SparkKafkaOptions.ENDING_OFFSETS, "latest")
                .option(INCLUDE_HEADERS, true)
                .load();
    }

    /** The options every Spark Kafka source and sink of the service takes: the connection, prefixed. */
    public Map<String, String> sparkOptions() {
        Map<String, String> options = new HashMap<>();
        clients.spark().forEach((key, value) -> options.put(SPARK_PREFIX + key, value));
        return options;
    }
}
