package io.streamgate.pipeline.kafka;

import java.util.Map;
import java.util.stream.Collectors;

/** Options of Spark's Kafka source and sink (Spark's Structured Streaming + Kafka integration guide). */
public final class SparkKafkaOptions {

    public static final String FORMAT = "kafka";
    public static final String SUBSCRIBE = "subscribe";
    public static final String STARTING_OFFSETS = "startingOffsets";
    public static final String ENDING_OFFSETS = "endingOffsets";
    public static final String MAX_OFFSETS_PER_TRIGGER = "maxOffsetsPerTrigger";
    public static final String MAX_RECORDS_PER_PARTITION = "maxRecordsPerPartition";
    /** The sink's topic, for rows without a {@code topic} column. */
    public static final String TOPIC = "topic";

    private SparkKafkaOptions() {
    }

    /** Offsets in the JSON of {@code startingOffsets}: {@code {"topic":{"0":42,"1":7}}}. Topic names need no escaping. */
    public static String offsetsJson(String topic, Map<Integer, Long> offsets) {
        return offsets.entrySet().stream().map(entry -> "\"" + entry.getKey() + "\":" + entry.getValue())
                .collect(Collectors.joining(",", "{\"" + topic + "\":{", "}}"));
    }
}
