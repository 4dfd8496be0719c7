package io.streamgate.queries;

import io.streamgate.pipeline.StartedQueries;
import io.streamgate.pipeline.definition.ErrorText;
import io.streamgate.pipeline.plan.QueryPlan;
import io.streamgate.queries.flow.RunFlow;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.StreamingQueryStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.Option;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeoutException;

/**
 * One start of a query, while and after Spark runs it: its plan, its Spark queries, when it began and
 * ended. Its state is read from Spark each time, so a run that died on its own shows as FAILED.
 */
final class QueryRun {

    private static final Logger log = LoggerFactory.getLogger(QueryRun.class);
    static final String OUT_OF_MEMORY = "ran out of memory (java.lang.OutOfMemoryError), and is not restarted: the same "
            + "input would do it again. What helps: fewer records a batch (streamgate.pipeline.max-offsets-per-trigger), "
            + "SQL that makes fewer or smaller rows of each record, or more memory (the service's -Xmx; on a cluster, "
            + "streamgate.spark.config.spark.executor.memory)";

    private final StartedQueries queries;
    private final Clock clock;
    private final Instant startedAt;
    private volatile Instant stoppedAt;
    private volatile String overBound;
    private final RunFlow flow;

    /** @param behindAfter how long its lag must keep growing for it to be called behind */
    QueryRun(StartedQueries queries, Clock clock, Duration behindAfter) {
        this.queries = queries;
        this.clock = clock;
        this.startedAt = clock.instant();
        this.flow = new RunFlow(behindAfter, clock);
    }

    /** How it keeps up, from its main query's progress. */
    RunFlow flow() {
        return flow;
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

    /** Its Spark queries' run ids: the job groups Spark runs their jobs in. */
    List<String> runIds() {
        return queries.all().map(query -> query.runId().toString()).toList();
    }

    /** Whether one of this run's Spark queries had that run id. */
    boolean ran(String runId) {
        return runIds().contains(runId);
    }

    /** A run fails as a whole: FAILED when either of its queries did. */
    QueryState state() {
        if (failure().isPresent()) {
            return QueryState.FAILED;
        }
        return main().isActive() ? QueryState.RUNNING : QueryState.STOPPED;
    }

    Optional<String> failure() {
        if (overBound != null) {
            return Optional.of(overBound);
        }
        return queries.all().map(StreamingQuery::exception).filter(Option::isDefined)
                .map(exception -> ranOutOfMemory(exception.get()) ? OUT_OF_MEMORY : ErrorText.reason(exception.get()))
                .findFirst();
    }

    /**
     * Past {@code streamgate.pipeline.max-state-rows} the run fails with that reason: a state that grew past
     * the bound would grow past it again.
     *
     * @return true the first time the rows are past the bound
     */
    synchronized boolean overStateBound(long rows, long max) {
        if (rows <= max || overBound != null) {
            return false;
        }
        overBound = "keeps " + rows + " rows of state, past the bound of " + max + " (streamgate.pipeline.max-state-rows), "
                + "and is not restarted: its state would grow past it again. What helps: a watermark, so that Spark "
                + "drops the groups of windows that closed; fewer keys; a larger bound. A start with startingOffsets "
                + "begins with no state";
        return true;
    }

    /**
     * Not after an OutOfMemoryError or past a bound of the service's: the same input would do it again.
     */
    boolean restartable() {
        return overBound == null && queries.all().map(StreamingQuery::exception).filter(Option::isDefined)
                .noneMatch(exception -> ranOutOfMemory(exception.get()));
    }

    /** Thrown in this JVM, or named in the message of a task's failure that an executor reported. */
    private static boolean ranOutOfMemory(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof OutOfMemoryError || String.valueOf(cause.getMessage()).contains("java.lang.OutOfMemoryError")) {
                return true;
            }
        }
        return false;
    }

    /**
     * Spark's {@code stop()} interrupts the query thread wherever it is, and cancels its jobs with
     * interruption. Waiting for the running micro-batch to end first means the stop lands between
     * batches. A real-time batch lasts its whole checkpoint interval: it is stopped mid-batch, and its
     * records since the last checkpoint are processed again at the next start (at least once, as Spark
     * says). Then its tasks are seen to end, or the run is kept as one whose tasks outlived its stop.
     */
    void stopBetweenBatches(Duration timeout, UnstoppedRuns unstopped) {
        if (isActive()) {
            Instant deadline = clock.instant().plus(timeout);
            while (queries.microBatchQueries().anyMatch(QueryRun::inBatch) && clock.instant().isBefore(deadline)) {
                pause();
            }
            stopNow();
            stoppedAt = clock.instant();
            log.info("Stopped streaming query {} {} (run {})", plan().name(), main().id(), main().runId());
        }
        unstopped.awaitEnd(plan().name(), this);
    }

    /**
     * Processing a planned batch. A trigger that is still asking Kafka for offsets (Spark's message
     * "Getting offsets from …"; its {@code isDataAvailable} is still the last batch's) has planned none,
     * and may wait long for a Kafka that does not answer: a stop does not wait for it.
     */
    private static boolean inBatch(StreamingQuery query) {
        StreamingQueryStatus status = query.status();
        return query.isActive() && status.isTriggerActive() && status.isDataAvailable()
                && !status.message().startsWith("Getting offsets");
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

    private static void pause() {
        try {
            Thread.sleep(10);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
