package io.streamgate.queries;

import io.streamgate.pipeline.ErrorText;
import io.streamgate.pipeline.QueryPlan;
import io.streamgate.pipeline.StartedQueries;
import org.apache.spark.SparkStatusTracker;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.StreamingQueryException;
import scala.Option;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeoutException;

/**
 * One start of a query, while and after Spark runs it: its plan, its Spark queries, when it began and
 * ended. Its state is read from Spark each time, so a query that died on its own shows as FAILED.
 */
final class QueryRun {

    private final StartedQueries queries;
    private final Instant startedAt;
    private volatile Instant stoppedAt;

    QueryRun(StartedQueries queries, Instant startedAt) {
        this.queries = queries;
        this.startedAt = startedAt;
    }

    QueryPlan plan() {
        return queries.plan();
    }

    StartedQueries queries() {
        return queries;
    }

    StreamingQuery main() {
        return queries.main();
    }

    Instant startedAt() {
        return startedAt;
    }

    Optional<Instant> stoppedAt() {
        return Optional.ofNullable(stoppedAt);
    }

    boolean isActive() {
        return queries.all().anyMatch(StreamingQuery::isActive);
    }

    /** Whether one of this run's Spark queries had that run id. */
    boolean ran(String runId) {
        return queries.all().anyMatch(query -> query.runId().toString().equals(runId));
    }

    /** A run fails as a whole: FAILED when either of its queries did. */
    QueryState state() {
        if (failure().isPresent()) {
            return QueryState.FAILED;
        }
        return main().isActive() ? QueryState.RUNNING : QueryState.STOPPED;
    }

    Optional<String> failure() {
        return queries.all().map(StreamingQuery::exception).filter(Option::isDefined)
                .map(exception -> reason(exception.get())).findFirst();
    }

    /**
     * Spark's {@code stop()} interrupts the query thread wherever it is. Waiting for the running
     * micro-batch to end first means the stop lands between batches, and waiting for its jobs to
     * leave the scheduler afterwards means a SparkContext stopped next finds no task in flight. A
     * real-time batch lasts its whole checkpoint interval: it is stopped mid-batch, and its records since
     * the last checkpoint are processed again at the next start (at least once, as Spark says).
     *
     * @param jobs the scheduler of the session the run is on; empty when it has none to wait for
     */
    void stopBetweenBatches(Duration timeout, Optional<SparkStatusTracker> jobs) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (queries.microBatchQueries().anyMatch(query -> query.isActive() && query.status().isTriggerActive())
                && System.nanoTime() < deadline) {
            pause();
        }
        stopNow();
        while (jobs.isPresent() && jobs.get().getActiveJobIds().length > 0 && System.nanoTime() < deadline) {
            pause();
        }
        stoppedAt = Instant.now();
    }

    /** Stops what is still active, wherever it is, and lets go of what the run handed Spark's tasks. */
    void stopNow() {
        queries.all().filter(StreamingQuery::isActive).forEach(query -> {
            try {
                query.stop();
            } catch (TimeoutException e) {
                throw new IllegalStateException("Spark did not stop the query in time", e);
            }
        });
        queries.close();
    }

    private static String reason(StreamingQueryException e) {
        return ErrorText.reason(e);
    }

    private static void pause() {
        try {
            Thread.sleep(10);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
