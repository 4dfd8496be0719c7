package io.streamgate.pipeline.plan;

import io.streamgate.pipeline.definition.QueryMode;
import org.apache.spark.sql.streaming.Trigger;

/** How Spark executes a query's main query. */
public sealed interface Engine {

    Trigger trigger();

    /** The mode as users name it. */
    QueryMode mode();

    /**
     * Spark's classic engine: a batch per trigger interval, with at most {@code maxOffsetsPerTrigger}
     * records, split into tasks of at most {@code maxRecordsPerTask} (so a backlog is parsed on every core).
     */
    record MicroBatch(long intervalMillis, long maxOffsetsPerTrigger, long maxRecordsPerTask) implements Engine {

        @Override
        public Trigger trigger() {
            return Trigger.ProcessingTime(intervalMillis);
        }

        @Override
        public QueryMode mode() {
            return QueryMode.MICRO_BATCH;
        }
    }

    /**
     * Spark's real-time mode: one long-running task per topic partition processes each record as it
     * arrives; the trigger is only how often it checkpoints. Spark takes no cap and no split for it.
     */
    record RealTime(long checkpointIntervalMillis) implements Engine {

        @Override
        public Trigger trigger() {
            return Trigger.RealTime(checkpointIntervalMillis);
        }

        @Override
        public QueryMode mode() {
            return QueryMode.REAL_TIME;
        }
    }
}
