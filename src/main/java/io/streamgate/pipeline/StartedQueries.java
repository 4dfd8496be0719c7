package io.streamgate.pipeline;

import io.streamgate.pipeline.plan.ArchivePlan;
import io.streamgate.pipeline.plan.Engine;
import io.streamgate.pipeline.plan.QueryPlan;

import org.apache.spark.sql.streaming.StreamingQuery;

import java.util.Optional;
import java.util.stream.Stream;

/**
 * The Spark queries one start of a plan runs: the main query, and the archive query when the plan's
 * archive is written by a query of its own. Closing it lets go of what the run handed Spark's tasks.
 */
public record StartedQueries(QueryPlan plan, StreamingQuery main, Optional<StreamingQuery> archiveQuery,
                             AutoCloseable delivery) implements AutoCloseable {

    public Stream<StreamingQuery> all() {
        return Stream.concat(Stream.of(main), archiveQuery.stream());
    }

    /**
     * The queries that run micro-batches, and so have moments between batches to be stopped in: a
     * real-time batch lasts its whole checkpoint interval.
     */
    public Stream<StreamingQuery> microBatchQueries() {
        return plan.engine() instanceof Engine.MicroBatch ? all() : archiveQuery.stream();
    }

    /** The query whose progress is the archive's: its own, or the main query that writes it. */
    public Optional<StreamingQuery> archiveWriter() {
        if (plan.archive() instanceof ArchivePlan.OwnQuery) {
            return archiveQuery;
        }
        return plan.archive() instanceof ArchivePlan.ByMainQuery ? Optional.of(main) : Optional.empty();
    }

    @Override
    public void close() {
        try {
            delivery.close();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
