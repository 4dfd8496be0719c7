package io.streamgate.pipeline.definition;

import java.util.Optional;

/**
 * Where a query's rows go besides its results table, which every query has. The default query's are
 * the archive, the dead letters and the console; a user query's, its output topic. Each is a sink any
 * query may be given, as far as its rows allow ({@code plan.QueryPlanner} refuses the rest).
 *
 * @param console     each micro-batch's newest rows printed to stdout, as Spark's console sink does
 * @param archive     every row, exactly once, in Spark's file sink ({@code streamgate.pipeline.archive})
 * @param deadLetters invalid rows to the topic's dead-letter topic, with the reason in a header
 * @param outputTopic a Kafka topic each row is also written to, as JSON
 */
public record Sinks(boolean console, boolean archive, boolean deadLetters, Optional<String> outputTopic) {

    /** The results table only. */
    public static final Sinks NONE = new Sinks(false, false, false, Optional.empty());

    public Sinks {
        outputTopic.ifPresent(topic -> TopicName.require("outputTopic", topic));
    }

    /** The results and, when a topic is named, that output topic. */
    public static Sinks outputTo(String topic) {
        return new Sinks(false, false, false, Optional.ofNullable(topic));
    }
}
