package io.streamgate.pipeline.kafka;

import io.streamgate.pipeline.definition.PipelineProperties;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.DataStreamReader;
import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.stereotype.Component;

import java.util.HashMap;
import java.util.Map;

/**
 * The one place the pipeline's Kafka clients get their connection: the producers the driver and
 * Spark's tasks make, and Spark's Kafka sources and sinks with their {@code kafka.}-prefixed options.
 */
@Component
public class KafkaClients {

    /** Spark's Kafka source and sink pass options with this prefix on to their Kafka clients. */
    public static final String SPARK_PREFIX = "kafka.";

    private final String bootstrapServers;
    private final Map<String, String> sourceOptions;

    public KafkaClients(KafkaConnectionDetails kafka, PipelineProperties settings) {
        this.bootstrapServers = String.join(",", kafka.getBootstrapServers());
        this.sourceOptions = settings.sourceOptions();
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    /**
     * A producer of rows to the query's topics (dead letters, output topics): acknowledged by every
     * in-sync replica, sent at once. Keys and values are bytes: dead letters keep them as they arrived.
     */
    public Map<String, Object> producerConfig() {
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        return config;
    }

    /** Spark's Kafka source of a topic, with {@code streamgate.pipeline.source-options}. */
    public DataStreamReader source(SparkSession session, String topic, String startingOffsets) {
        DataStreamReader reader = session.readStream()
                .format(SparkKafkaOptions.FORMAT)
                .options(sparkOptions())
                .option(SparkKafkaOptions.SUBSCRIBE, topic)
                .option(SparkKafkaOptions.STARTING_OFFSETS, startingOffsets);
        sourceOptions.forEach(reader::option);
        return reader;
    }

    /** The options every Spark Kafka source and sink of the service takes. */
    public Map<String, String> sparkOptions() {
        return Map.of(SPARK_PREFIX + "bootstrap.servers", bootstrapServers);
    }
}
