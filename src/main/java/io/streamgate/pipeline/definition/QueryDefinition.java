package io.streamgate.pipeline.definition;

/**
 * What a query is asked to be: the topic it reads, what it selects from it, and where its rows go.
 * Checked once, here (and a user's SQL by {@code sql.SqlGuard}): a definition that exists is one Spark
 * can run. Defaults come from {@link PipelineProperties#definition}.
 *
 * @param topic           the Kafka topic the query reads
 * @param startingOffsets {@code earliest} or {@code latest}; used only when there is no checkpoint
 * @param trigger         micro-batch interval as given, e.g. {@code 500 ms}; in real-time mode the
 *                        checkpoint interval, at least {@value #MIN_REAL_TIME_BATCH_MS} ms
 * @param schema          the expected shape of each value
 * @param mode            how Spark executes the query
 * @param select          what the query computes
 * @param sinks           where its rows go besides its results
 */
public record QueryDefinition(String topic, String startingOffsets, String trigger, RecordSchema schema, QueryMode mode,
                              Select select, Sinks sinks) {

    /** Spark's {@code spark.sql.streaming.realTimeMode.minBatchDuration} default. */
    static final long MIN_REAL_TIME_BATCH_MS = 5000;

    public QueryDefinition {
        TopicName.require("topic", topic);
        if (!"earliest".equals(startingOffsets) && !"latest".equals(startingOffsets)) {
            throw new InvalidQueryException("startingOffsets must be 'earliest' or 'latest', not '" + startingOffsets + "'");
        }
        long triggerMillis = Interval.millis("trigger", trigger);
        if (mode == QueryMode.REAL_TIME && triggerMillis < MIN_REAL_TIME_BATCH_MS) {
            throw new InvalidQueryException("In real-time mode the trigger is the checkpoint interval, at least "
                    + MIN_REAL_TIME_BATCH_MS / 1000 + "s (records are processed as they arrive), not '" + trigger + "'");
        }
        if (sinks.outputTopic().filter(topic::equals).isPresent()) {
            throw new InvalidQueryException("outputTopic must not be the topic the query reads ('" + topic
                    + "'): the query would read its own results");
        }
        if (select instanceof Select.Sql) {
            schema.fieldNamedLike(Columns.EVENTS).ifPresent(field -> {
                throw new InvalidQueryException("The schema's field '" + field + "' has the name of one of "
                        + "the events view's columns " + Columns.EVENTS + "; read it from the value instead, "
                        + "e.g. get_json_object(value, '$." + field + "')");
            });
        }
    }

    /** The trigger in milliseconds. */
    public long triggerMillis() {
        return Interval.millis("trigger", trigger);
    }

    /** The same definition with its select's output mode as the check decided it. */
    public QueryDefinition withSelect(Select resolved) {
        return new QueryDefinition(topic, startingOffsets, trigger, schema, mode, resolved, sinks);
    }

    /** The same definition, beginning elsewhere when it has no checkpoint. */
    public QueryDefinition withStartingOffsets(String offsets) {
        return new QueryDefinition(topic, offsets, trigger, schema, mode, select, sinks);
    }

    /** The same definition, its rows going elsewhere. */
    public QueryDefinition withSinks(Sinks replaced) {
        return new QueryDefinition(topic, startingOffsets, trigger, schema, mode, select, replaced);
    }
}
