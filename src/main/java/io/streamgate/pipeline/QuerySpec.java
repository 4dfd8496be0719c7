package io.streamgate.pipeline;

import io.streamgate.system.InvalidRequestException;
import org.apache.spark.sql.streaming.Trigger;
import org.springframework.boot.convert.DurationStyle;

import java.time.Duration;

/**
 * What one run of the streaming query is started with: the configured defaults, overridden by the
 * start request where it says so.
 *
 * @param startingOffsets {@code earliest} or {@code latest}; used only when there is no checkpoint
 * @param trigger         micro-batch interval as Spark reads it, e.g. {@code 500 ms}
 * @param schema          the expected shape of each value
 * @param fromScratch     true to drop the checkpoint and begin at {@code startingOffsets}
 */
public record QuerySpec(String startingOffsets, String trigger, RecordSchema schema, boolean fromScratch) {

    public QuerySpec {
        if (!"earliest".equals(startingOffsets) && !"latest".equals(startingOffsets)) {
            throw new InvalidRequestException("startingOffsets must be 'earliest' or 'latest', not '" + startingOffsets + "'");
        }
        sparkTrigger(trigger);
    }

    /** Builds the request's spec on top of the configured defaults. */
    public static QuerySpec of(PipelineProperties defaults, String startingOffsets, String trigger, String schemaDdl) {
        return new QuerySpec(
                startingOffsets != null ? startingOffsets : defaults.startingOffsets(),
                trigger != null ? trigger : defaults.trigger(),
                RecordSchema.parse(schemaDdl != null ? schemaDdl : defaults.schema()),
                startingOffsets != null);
    }

    Trigger sparkTrigger() {
        return sparkTrigger(trigger);
    }

    /** Takes Spring's short form ({@code 500 ms}, {@code 2s}) as well as Spark's ({@code 2 seconds}). */
    private static Trigger sparkTrigger(String interval) {
        try {
            Duration duration = DurationStyle.SIMPLE.parse(interval.replaceAll("\\s+", ""));
            if (duration.isNegative()) {
                throw new InvalidRequestException("trigger must not be negative: '" + interval + "'");
            }
            return Trigger.ProcessingTime(duration.toMillis());
        } catch (IllegalArgumentException notSpringStyle) {
            try {
                return Trigger.ProcessingTime(interval);
            } catch (RuntimeException e) {
                throw new InvalidRequestException("trigger must be an interval such as '500 ms', '2s' or "
                        + "'1 minute', not '" + interval + "'", e);
            }
        }
    }
}
