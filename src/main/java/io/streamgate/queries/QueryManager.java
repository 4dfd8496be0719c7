package io.streamgate.queries;

import io.streamgate.pipeline.PipelineProperties;
import io.streamgate.pipeline.QuerySpec;
import io.streamgate.pipeline.StreamingPipeline;
import org.apache.spark.SparkStatusTracker;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.StreamingQueryException;
import org.apache.spark.sql.streaming.StreamingQueryProgress;
import org.apache.spark.util.ShutdownHookManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Service;
import scala.Option;
import scala.runtime.BoxedUnit;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.time.Instant;
import java.util.concurrent.TimeoutException;

/**
 * Owns the lifecycle of the one streaming query: at most one run is active at any time, start and
 * stop are serialized, and the state is read from Spark itself so a query that dies on its own
 * shows as FAILED.
 */
@Service
public class QueryManager implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(QueryManager.class);

    /**
     * Spark runs its shutdown hooks highest priority first: the local executor's hook (default
     * priority) and the SparkContext's (lower) must find the query already stopped.
     */
    private static final int STOP_QUERY_SHUTDOWN_PRIORITY = ShutdownHookManager.DEFAULT_SHUTDOWN_PRIORITY() + 10;

    private final StreamingPipeline pipeline;
    private final PipelineProperties defaults;
    private final JsonMapper json;
    private final Object lifecycle = new Object();
    private volatile Run current;

    QueryManager(StreamingPipeline pipeline, PipelineProperties defaults, JsonMapper json) {
        this.pipeline = pipeline;
        this.defaults = defaults;
        this.json = json;
        // On SIGTERM Spark's own hook stops the SparkContext while Spring may still be closing;
        // stopping the query first lets the running micro-batch end cleanly instead of failing.
        ShutdownHookManager.addShutdownHook(STOP_QUERY_SHUTDOWN_PRIORITY, () -> {
            stopQuietly();
            return BoxedUnit.UNIT;
        });
    }

    public QueryStatus start(StartQueryRequest request) {
        StartQueryRequest options = request == null ? StartQueryRequest.DEFAULTS : request;
        QuerySpec spec = QuerySpec.of(defaults, options.startingOffsets(), options.trigger(), options.schema());
        synchronized (lifecycle) {
            if (isRunning()) {
                throw new QueryStateException("The query is already running; stop it first", status());
            }
            try {
                current = new Run(pipeline.start(spec), spec, Instant.now());
            } catch (TimeoutException e) {
                throw new IllegalStateException("Spark did not start the query in time", e);
            }
            log.info("Started streaming query {} (run {}) with {}", current.query.id(), current.query.runId(), spec);
            return status();
        }
    }

    public QueryStatus stop() {
        synchronized (lifecycle) {
            if (!isRunning()) {
                throw new QueryStateException("No query is running", status());
            }
            stopCurrent();
            return status();
        }
    }

    public QueryStatus status() {
        Run run = current;
        if (run == null) {
            return QueryStatus.notStarted(defaults.queryName());
        }
        StreamingQuery query = run.query;
        Option<StreamingQueryException> exception = query.exception();
        QueryState state = query.isActive() ? QueryState.RUNNING
                : exception.isDefined() ? QueryState.FAILED : QueryState.STOPPED;
        StreamingQueryProgress progress = query.lastProgress();
        return new QueryStatus(state, query.id().toString(), query.runId().toString(), query.name(),
                run.startedAt, run.stoppedAt, run.spec.startingOffsets(), run.spec.trigger(), run.spec.schema().ddl(),
                parse(query.status().json()),
                progress == null ? null : parse(progress.json()),
                exception.isDefined() ? failureMessage(exception.get()) : null);
    }

    public boolean isRunning() {
        Run run = current;
        return run != null && run.query.isActive();
    }

    @Override
    public void destroy() {
        stopQuietly();
    }

    private void stopQuietly() {
        synchronized (lifecycle) {
            if (!isRunning() || pipeline.spark().sparkContext().isStopped()) {
                return;
            }
            try {
                stopCurrent();
            } catch (RuntimeException e) {
                log.warn("Stopping the streaming query at shutdown failed: {}", e.getMessage());
            }
        }
    }

    /**
     * Spark's {@code stop()} interrupts the query thread wherever it is. Waiting for the running
     * micro-batch to end first means the stop lands between batches, and waiting for its jobs to
     * leave the scheduler afterwards means a SparkContext stopped next finds no task in flight.
     */
    private void stopCurrent() {
        StreamingQuery query = current.query;
        long deadline = System.nanoTime() + defaults.stopTimeout().toNanos();
        while (query.isActive() && query.status().isTriggerActive() && System.nanoTime() < deadline) {
            pause();
        }
        try {
            query.stop();
        } catch (TimeoutException e) {
            throw new IllegalStateException("Spark did not stop the query in time", e);
        }
        SparkStatusTracker jobs = pipeline.spark().sparkContext().statusTracker();
        while (jobs.getActiveJobIds().length > 0 && System.nanoTime() < deadline) {
            pause();
        }
        current.stoppedAt = Instant.now();
        log.info("Stopped streaming query {} (run {})", current.query.id(), current.query.runId());
    }

    private static void pause() {
        try {
            Thread.sleep(10);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private JsonNode parse(String sparkJson) {
        return json.readTree(sparkJson);
    }

    private static String failureMessage(StreamingQueryException e) {
        Throwable cause = e.cause() != null ? e.cause() : e;
        String message = cause.getMessage() != null ? cause.getMessage() : cause.getClass().getName();
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }

    private static final class Run {
        final StreamingQuery query;
        final QuerySpec spec;
        final Instant startedAt;
        volatile Instant stoppedAt;

        Run(StreamingQuery query, QuerySpec spec, Instant startedAt) {
            this.query = query;
            this.spec = spec;
            this.startedAt = startedAt;
        }
    }
}
