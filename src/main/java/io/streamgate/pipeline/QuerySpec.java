package io.streamgate.pipeline;

import io.streamgate.system.InvalidRequestException;
import org.apache.spark.sql.execution.streaming.ProcessingTimeTrigger;
import org.apache.spark.sql.streaming.Trigger;
import org.springframework.boot.convert.DurationStyle;

import java.time.Duration;
import java.time.temporal.ChronoUnit;

/**
 * What one run of the streaming query is started with: the configured defaults, overridden by the
 * start request where it says so.
 *
 * @param startingOffsets {@code earliest} or {@code latest}; used only when there is no checkpoint
 * @param trigger         micro-batch interval as Spark reads it, e.g. {@code 500 ms}; in real-time
 *                        mode the checkpoint interval, at least {@value #MIN_REAL_TIME_BATCH_MS} ms
 * @param schema          the expected shape of each value
 * @param fromScratch     true to drop the checkpoint and begin at {@code startingOffsets}
 * @param mode            micro-batch or real-time execution of the main query
 */
public record QuerySpec(String startingOffsets, String trigger, RecordSchema schema, boolean fromScratch,
                        QueryMode mode) {

    /** Spark's {@code spark.sql.streaming.realTimeMode.minBatchDuration} default. */
    static final long MIN_REAL_TIME_BATCH_MS = 5000;

    public QuerySpec {
        mode = mode == null ? QueryMode.MICRO_BATCH : mode;
        if (!"earliest".equals(startingOffsets) && !"latest".equals(startingOffsets)) {
            throw new InvalidRequestException("startingOffsets must be 'earliest' or 'latest', not '" + startingOffsets + "'");
        }
        long millis = intervalMillis(trigger);
        if (mode == QueryMode.REAL_TIME && millis < MIN_REAL_TIME_BATCH_MS) {
            throw new InvalidRequestException("In real-time mode the trigger is the checkpoint interval, at least "
                    + MIN_REAL_TIME_BATCH_MS / 1000 + "s (records are processed as they arrive), not '" + trigger + "'");
        }
    }

    /**
     * Builds the request's spec on top of the configured defaults. In real-time mode a trigger left out
     * is {@code streamgate.pipeline.real-time.batch-duration}, not the micro-batch interval.
     */
    public static QuerySpec of(PipelineProperties defaults, String startingOffsets, String trigger, String schemaDdl,
                               String mode) {
        QueryMode queryMode = mode != null ? QueryMode.of(mode) : defaults.mode();
        String defaultTrigger = queryMode == QueryMode.REAL_TIME
                ? DurationStyle.SIMPLE.print(defaults.realTime().batchDuration(), ChronoUnit.SECONDS)
                : defaults.trigger();
        return new QuerySpec(
                startingOffsets != null ? startingOffsets : defaults.startingOffsets(),
                trigger != null ? trigger : defaultTrigger,
                RecordSchema.parse(schemaDdl != null ? schemaDdl : defaults.schema()),
                startingOffsets != null,
                queryMode);
    }

    /** The same options, resuming from the checkpoint (a restart after a failure or of the app). */
    public QuerySpec resumed() {
        return new QuerySpec(startingOffsets, trigger, schema, false, mode);
    }

    public boolean realTime() {
        return mode == QueryMode.REAL_TIME;
    }

    Trigger sparkTrigger() {
        long millis = intervalMillis(trigger);
        return realTime() ? Trigger.RealTime(millis) : Trigger.ProcessingTime(millis);
    }

    /** Takes Spring's short form ({@code 500 ms}, {@code 2s}) as well as Spark's ({@code 2 seconds}). */
    private static long intervalMillis(String interval) {
        try {
            Duration duration = DurationStyle.SIMPLE.parse(interval.replaceAll("\\s+", ""));
            if (duration.isNegative()) {
                throw new InvalidRequestException("trigger must not be negative: '" + interval + "'");
            }
            return duration.toMillis();
        } catch (IllegalArgumentException notSpringStyle) {
            try {
                return ((ProcessingTimeTrigger) Trigger.ProcessingTime(interval)).intervalMs();
            } catch (RuntimeException e) {
                throw new InvalidRequestException("trigger must be an interval such as '500 ms', '2s' or "
                        + "'1 minute', not '" + interval + "'", e);
            }
        }
    }
}
