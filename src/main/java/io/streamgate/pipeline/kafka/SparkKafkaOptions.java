package io.streamgate.pipeline.kafka;

/** Options of Spark's Kafka source and sink (Spark's Structured Streaming + Kafka integration guide). */
public final class SparkKafkaOptions {

    public static final String FORMAT = "kafka";
    public static final String SUBSCRIBE = "subscribe";
    public static final String STARTING_OFFSETS = "startingOffsets";
    public static final String MAX_OFFSETS_PER_TRIGGER = "maxOffsetsPerTrigger";
    public static final String MAX_RECORDS_PER_PARTITION = "maxRecordsPerPartition";
    /** The sink's topic, for rows without a {@code topic} column. */
    public static final String TOPIC = "topic";

    private SparkKafkaOptions() {
    }
}
