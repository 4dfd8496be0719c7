package io.streamgate.pipeline;

import org.apache.spark.sql.execution.streaming.ProcessingTimeTrigger;
import org.apache.spark.sql.streaming.Trigger;
import org.springframework.boot.convert.DurationStyle;

import java.time.Duration;
import java.time.temporal.ChronoUnit;

/**
 * What a query is asked to be: the configured defaults, overridden by a start request where it says
 * so. Checked once, here: a definition that exists is one Spark can run.
 *
 * @param startingOffsets {@code earliest} or {@code latest}; used only when there is no checkpoint
 * @param trigger         micro-batch interval as given, e.g. {@code 500 ms}; in real-time mode the
 *                        checkpoint interval, at least {@value #MIN_REAL_TIME_BATCH_MS} ms
 * @param schema          the expected shape of each value
 * @param mode            how Spark executes the main query
 */
public record QueryDefinition(String startingOffsets, String trigger, RecordSchema schema, QueryMode mode) {

    /** Spark's {@code spark.sql.streaming.realTimeMode.minBatchDuration} default. */
    static final long MIN_REAL_TIME_BATCH_MS = 5000;

    public QueryDefinition {
        if (!"earliest".equals(startingOffsets) && !"latest".equals(startingOffsets)) {
            throw new InvalidQueryException("startingOffsets must be 'earliest' or 'latest', not '" + startingOffsets + "'");
        }
        if (mode == QueryMode.REAL_TIME && intervalMillis(trigger) < MIN_REAL_TIME_BATCH_MS) {
            throw new InvalidQueryException("In real-time mode the trigger is the checkpoint interval, at least "
                    + MIN_REAL_TIME_BATCH_MS / 1000 + "s (records are processed as they arrive), not '" + trigger + "'");
        }
        intervalMillis(trigger);
    }

    /**
     * The defaults with the request's options on top; each argument may be null. In real-time mode a
     * trigger left out is {@code streamgate.pipeline.real-time.batch-duration}, not the micro-batch interval.
     */
    public static QueryDefinition of(PipelineProperties defaults, String startingOffsets, String trigger,
                                     String schemaDdl, String mode) {
        QueryMode queryMode = mode != null ? QueryMode.of(mode) : defaults.mode();
        String defaultTrigger = queryMode == QueryMode.REAL_TIME
                ? DurationStyle.SIMPLE.print(defaults.realTime().batchDuration(), ChronoUnit.SECONDS)
                : defaults.trigger();
        return new QueryDefinition(
                startingOffsets != null ? startingOffsets : defaults.startingOffsets(),
                trigger != null ? trigger : defaultTrigger,
                RecordSchema.parse(schemaDdl != null ? schemaDdl : defaults.schema()),
                queryMode);
    }

    /** The trigger in milliseconds. */
    public long triggerMillis() {
        return intervalMillis(trigger);
    }

    /** Takes Spring's short form ({@code 500 ms}, {@code 2s}) as well as Spark's ({@code 2 seconds}). */
    private static long intervalMillis(String interval) {
        if (interval == null) {
            throw new InvalidQueryException("trigger must be an interval such as '500 ms'");
        }
        try {
            Duration duration = DurationStyle.SIMPLE.parse(interval.replaceAll("\\s+", ""));
            if (duration.isNegative()) {
                throw new InvalidQueryException("trigger must not be negative: '" + interval + "'");
            }
            return duration.toMillis();
        } catch (IllegalArgumentException notSpringStyle) {
            try {
                return ((ProcessingTimeTrigger) Trigger.ProcessingTime(interval)).intervalMs();
            } catch (RuntimeException e) {
                throw new InvalidQueryException("trigger must be an interval such as '500 ms', '2s' or "
                        + "'1 minute', not '" + interval + "'", e);
            }
        }
    }
}
