package io.streamgate.pipeline;

import org.apache.spark.sql.execution.streaming.ProcessingTimeTrigger;
import org.apache.spark.sql.streaming.Trigger;
import org.apache.spark.sql.types.StructField;
import org.springframework.boot.convert.DurationStyle;

import java.time.Duration;
import java.time.temporal.ChronoUnit;

/**
 * What a query is asked to be: the configured defaults, overridden where a request says so. Checked
 * once, here (and a user's SQL by {@link SqlGuard}): a definition that exists is one Spark can run.
 *
 * @param topic           the Kafka topic the query reads
 * @param startingOffsets {@code earliest} or {@code latest}; used only when there is no checkpoint
 * @param trigger         micro-batch interval as given, e.g. {@code 500 ms}; in real-time mode the
 *                        checkpoint interval, at least {@value #MIN_REAL_TIME_BATCH_MS} ms
 * @param schema          the expected shape of each value
 * @param mode            how Spark executes the main query
 * @param select          what the query computes
 */
public record QueryDefinition(String topic, String startingOffsets, String trigger, RecordSchema schema, QueryMode mode,
                              Select select) {

    /** Spark's {@code spark.sql.streaming.realTimeMode.minBatchDuration} default. */
    static final long MIN_REAL_TIME_BATCH_MS = 5000;

    public QueryDefinition {
        Select.requireTopicName("topic", topic);
        if (!"earliest".equals(startingOffsets) && !"latest".equals(startingOffsets)) {
            throw new InvalidQueryException("startingOffsets must be 'earliest' or 'latest', not '" + startingOffsets + "'");
        }
        if (mode == QueryMode.REAL_TIME && intervalMillis("trigger", trigger) < MIN_REAL_TIME_BATCH_MS) {
            throw new InvalidQueryException("In real-time mode the trigger is the checkpoint interval, at least "
                    + MIN_REAL_TIME_BATCH_MS / 1000 + "s (records are processed as they arrive), not '" + trigger + "'");
        }
        intervalMillis("trigger", trigger);
        if (select instanceof Select.Sql sql) {
            if (topic.equals(sql.outputTopic())) {
                throw new InvalidQueryException("outputTopic must not be the topic the query reads ('" + topic
                        + "'): the query would read its own results");
            }
            for (StructField field : schema.fields()) {
                if (Columns.EVENTS.stream().anyMatch(column -> column.equalsIgnoreCase(field.name()))) {
                    throw new InvalidQueryException("The schema's field '" + field.name() + "' has the name of one of "
                            + "the events view's columns " + Columns.EVENTS + "; read it from the value instead, "
                            + "e.g. get_json_object(value, '$." + field.name() + "')");
                }
            }
        }
    }

    /**
     * The defaults with the request's options on top; each argument may be null. In real-time mode a
     * trigger left out is {@code streamgate.pipeline.real-time.batch-duration}, not the micro-batch interval.
     */
    public static QueryDefinition of(PipelineProperties defaults, String topic, String startingOffsets, String trigger,
                                     String schemaDdl, String mode) {
        return of(defaults, topic, startingOffsets, trigger, schemaDdl, mode, new Select.BuiltIn());
    }

    /** As {@link #of(PipelineProperties, String, String, String, String, String)}, for any select. */
    public static QueryDefinition of(PipelineProperties defaults, String topic, String startingOffsets, String trigger,
                                     String schemaDdl, String mode, Select select) {
        QueryMode queryMode = mode != null ? QueryMode.of(mode) : defaults.mode();
        String defaultTrigger = queryMode == QueryMode.REAL_TIME
                ? DurationStyle.SIMPLE.print(defaults.realTime().batchDuration(), ChronoUnit.SECONDS)
                : defaults.trigger();
        return new QueryDefinition(
                topic,
                startingOffsets != null ? startingOffsets : defaults.startingOffsets(),
                trigger != null ? trigger : defaultTrigger,
                RecordSchema.parse(schemaDdl != null ? schemaDdl : defaults.schema()),
                queryMode,
                select);
    }

    /** The trigger in milliseconds. */
    public long triggerMillis() {
        return intervalMillis("trigger", trigger);
    }

    /** The same definition with its select's output mode as the plan decided it. */
    public QueryDefinition withSelect(Select resolved) {
        return new QueryDefinition(topic, startingOffsets, trigger, schema, mode, resolved);
    }

    /** Takes Spring's short form ({@code 500 ms}, {@code 2s}) as well as Spark's ({@code 2 seconds}). */
    static long intervalMillis(String what, String interval) {
        if (interval == null) {
            throw new InvalidQueryException(what + " must be an interval such as '500 ms'");
        }
        try {
            Duration duration = DurationStyle.SIMPLE.parse(interval.replaceAll("\\s+", ""));
            if (duration.isNegative()) {
                throw new InvalidQueryException(what + " must not be negative: '" + interval + "'");
            }
            return duration.toMillis();
        } catch (IllegalArgumentException notSpringStyle) {
            try {
                return ((ProcessingTimeTrigger) Trigger.ProcessingTime(interval)).intervalMs();
            } catch (RuntimeException e) {
                throw new InvalidQueryException(what + " must be an interval such as '500 ms', '2s' or "
                        + "'1 minute', not '" + interval + "'", e);
            }
        }
    }
}
