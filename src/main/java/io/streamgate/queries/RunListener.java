package io.streamgate.queries;

import io.streamgate.pipeline.plan.QueryPlan;
import io.streamgate.queries.flow.Flow;
import org.apache.spark.sql.streaming.StreamingQueryListener;

import java.util.Optional;

/**
 * Told of Spark's events about a query's runs, resolved to the query once ({@link RunEventDispatcher}):
 * on Spark's listener thread, so it must not block.
 */
public interface RunListener {

    /**
     * A trigger of one of the run's Spark queries ended; {@code plan} says which of them it was.
     *
     * @param flow how the query keeps up as of this progress, when it is the main query's
     */
    default void progressed(String query, QueryPlan plan, StreamingQueryListener.QueryProgressEvent event,
                            Optional<Flow> flow) {
    }

    /** One of the run's Spark queries waits for data. */
    default void idle(String query) {
    }

    /** One of the run's Spark queries ended; with the exception, when it failed. */
    default void terminated(String query, StreamingQueryListener.QueryTerminatedEvent event) {
    }
}
