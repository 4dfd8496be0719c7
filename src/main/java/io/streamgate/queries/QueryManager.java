package io.streamgate.queries;

import io.streamgate.pipeline.CheckpointConflictException;
import io.streamgate.pipeline.PipelineProperties;
import io.streamgate.pipeline.QuerySpec;
import io.streamgate.pipeline.RunningQueries;
import io.streamgate.pipeline.SparkConnection;
import io.streamgate.pipeline.SparkUnavailableException;
import io.streamgate.pipeline.Storage;
import io.streamgate.pipeline.StorageNotSharedException;
import io.streamgate.system.InvalidRequestException;
import io.streamgate.pipeline.StreamingPipeline;
import org.apache.spark.SparkStatusTracker;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.StreamingQueryException;
import org.apache.spark.sql.streaming.StreamingQueryListener;
import org.apache.spark.sql.streaming.StreamingQueryProgress;
import org.apache.spark.util.ShutdownHookManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Service;
import scala.Option;
import scala.runtime.BoxedUnit;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static io.streamgate.system.Messages.firstLine;

/**
 * Owns the lifecycle of the one streaming pipeline run: at most one is active at any time, start,
 * stop and restarts are serialized, and the state is read from Spark itself so a query that dies on
 * its own shows as FAILED. A failed run is restarted from its checkpoint with backoff; a run that
 * was going when the app stopped is resumed when it starts again.
 */
@Service
public class QueryManager extends StreamingQueryListener implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(QueryManager.class);

    /**
     * Spark runs its shutdown hooks highest priority first: the local executor's hook (default
     * priority) and the SparkContext's (lower) must find the query already stopped.
     */
    private static final int STOP_QUERY_SHUTDOWN_PRIORITY = ShutdownHookManager.DEFAULT_SHUTDOWN_PRIORITY() + 10;

    private final StreamingPipeline pipeline;
    private final SparkConnection spark;
    private final PipelineProperties defaults;
    private final JsonMapper json;
    private final RunMarker marker;
    private final ScheduledExecutorService restarts = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "streamgate-query-restart");
        thread.setDaemon(true);
        return thread;
    });
    private final Object lifecycle = new Object();
    private volatile Run current;
    private volatile boolean ready;
    private volatile boolean closing;
    // Written under lifecycle; read without it, so a status request never waits for a stop to finish.
    private volatile Restarts restartStatus = new Restarts(0, null, null);
    // Guarded by lifecycle.
    private int restartCount;
    private int failuresInARow;
    private String lastFailure;
    private ScheduledFuture<?> pendingRestart;
    private Instant nextRestartAt;

    QueryManager(StreamingPipeline pipeline, SparkConnection spark, Storage storage, PipelineProperties defaults,
                 JsonMapper json) {
        this.pipeline = pipeline;
        this.spark = spark;
        this.defaults = defaults;
        this.json = json;
        this.marker = new RunMarker(storage, pipeline.queryDir(), json);
        if (!defaults.resumeOnStartup()) {
            forgetRunBeforeStartup();
        }
        spark.onSession(this::sessionStarted);
        // On SIGTERM Spark's own hook stops the SparkContext while Spring may still be closing;
        // stopping the query first lets the running micro-batch end cleanly instead of failing.
        ShutdownHookManager.addShutdownHook(STOP_QUERY_SHUTDOWN_PRIORITY, () -> {
            stopQuietly();
            return BoxedUnit.UNIT;
        });
    }

    public QueryStatus start(StartQueryRequest request) {
        StartQueryRequest options = request == null ? StartQueryRequest.DEFAULTS : request;
        QuerySpec spec = QuerySpec.of(defaults, options.startingOffsets(), options.trigger(), options.schema(),
                options.mode());
        synchronized (lifecycle) {
            if (isRunning()) {
                throw new QueryStateException("The query is already running; stop it first", status());
            }
            cancelPendingRestart();
            restartCount = 0;
            failuresInARow = 0;
            lastFailure = null;
            publishRestarts();
            launch(spec);
            return status();
        }
    }

    public QueryStatus stop() {
        synchronized (lifecycle) {
            boolean restartWasPending = cancelPendingRestart();
            if (!isRunning() && !restartWasPending) {
                throw new QueryStateException("No query is running", status());
            }
            marker.clear();
            if (isRunning()) {
                stopCurrent();
            }
            return status();
        }
    }

    public QueryStatus status() {
        Run run = current;
        Restarts restartStatus = this.restartStatus;
        if (run == null) {
            return QueryStatus.notStarted(defaults.queryName(), restartStatus);
        }
        StreamingQuery main = run.queries.main();
        QueryState state = stateOf(run);
        StreamingQueryProgress progress = main.lastProgress();
        return new QueryStatus(state, main.id().toString(), main.runId().toString(), main.name(),
                run.startedAt, run.stoppedAt, run.spec.startingOffsets(), run.spec.mode().value(), run.spec.trigger(), run.spec.schema().ddl(),
                parse(main.status().json()),
                progress == null ? null : parse(progress.json()),
                failureOf(run),
                restartStatus,
                archiveStatus(run));
    }

    public boolean isRunning() {
        Run run = current;
        return run != null && run.queries.all().anyMatch(StreamingQuery::isActive);
    }

    /** Resumes a run that was going when the app last stopped, once the app is ready and Spark is there. */
    @EventListener(ApplicationReadyEvent.class)
    void resumeAfterRestart() {
        ready = true;
        if (spark.current().isPresent()) {
            resumeMarkedRun();
        }
    }

    /**
     * A new SparkSession: the first, or one made after Spark stopped the last (a cluster that was lost). A
     * run that should be going, and is not since its session went, resumes from its checkpoint on it.
     */
    private void sessionStarted(SparkSession session) {
        session.streams().addListener(this);
        if (ready) {
            resumeMarkedRun();
        }
    }

    private void resumeMarkedRun() {
        Optional<RunMarker.Saved> marker;
        try {
            marker = this.marker.read();
        } catch (RuntimeException e) {
            log.warn("Not resuming the streaming query: cannot read its run marker ({})", e.getMessage());
            return;
        }
        marker.ifPresent(saved -> {
            synchronized (lifecycle) {
                if (isRunning() || pendingRestart != null || closing) {
                    return;
                }
                log.info("Resuming the streaming query that was running when the app (or its Spark session) stopped");
                try {
                    launch(saved.spec());
                } catch (RuntimeException e) {
                    // The app stays up, so the user can see why (status, log) and start the query anew.
                    log.warn("Not resuming the streaming query: {}", e.getMessage());
                    lastFailure = e.getMessage();
                    publishRestarts();
                }
            }
        });
    }

    /** resume-on-startup off: a run the app was doing when it last stopped counts as stopped. */
    private void forgetRunBeforeStartup() {
        try {
            marker.clear();
        } catch (RuntimeException e) {
            log.warn("Cannot clear the run marker: {}", e.getMessage());
        }
    }

    @Override
    public void destroy() {
        stopQuietly();
        restarts.shutdownNow();
    }

    @Override
    public void onQueryStarted(QueryStartedEvent event) {
    }

    @Override
    public void onQueryProgress(QueryProgressEvent event) {
        Run run = current;
        if (run != null && run.queries.main().runId().equals(event.progress().runId())) {
            synchronized (lifecycle) {
                failuresInARow = 0; // the run got through a trigger: the next failure starts the backoff anew
            }
        }
    }

    /** Runs on Spark's listener thread; the restart itself is scheduled, never done here. */
    @Override
    public void onQueryTerminated(QueryTerminatedEvent event) {
        if (event.exception().isEmpty()) {
            return;
        }
        synchronized (lifecycle) {
            Run run = current;
            if (run == null || run.queries.all().noneMatch(q -> q.runId().equals(event.runId()))) {
                return;
            }
            lastFailure = event.exception().get();
            publishRestarts();
            // A run fails as a whole: its other query (main or archive) is stopped too, off this thread.
            restarts.execute(() -> {
                synchronized (lifecycle) {
                    if (current == run) {
                        stopActive(run);
                    }
                }
            });
            if (pendingRestart != null) {
                return; // the run's other query failed first; its restart is already scheduled
            }
            scheduleRestart(run);
        }
    }

    /** Call with lifecycle held, after a failure of the run (or of an attempt to restart it). */
    private void scheduleRestart(Run run) {
        if (failuresInARow >= defaults.restart().maxAttempts()) {
            log.error("Streaming query failed and is left FAILED after {} restarts in a row: {}",
                    failuresInARow, firstLine(lastFailure));
            return;
        }
        failuresInARow++;
        Duration backoff = defaults.restart().backoff(failuresInARow);
        log.warn("Streaming query failed ({}); restart {} in {} ms", firstLine(lastFailure), failuresInARow, backoff.toMillis());
        cancelPendingRestart();
        nextRestartAt = Instant.now().plus(backoff);
        pendingRestart = restarts.schedule(() -> restart(run), backoff.toMillis(), TimeUnit.MILLISECONDS);
        publishRestarts();
    }

    private void restart(Run failed) {
        synchronized (lifecycle) {
            pendingRestart = null;
            nextRestartAt = null;
            publishRestarts();
            if (current != failed || closing) {
                return; // stopped, replaced or shutting down meanwhile
            }
            stopActive(failed);
            restartCount++;
            publishRestarts();
            try {
                launch(failed.spec.resumed());
            } catch (RuntimeException e) {
                // Spark unavailable (a lost cluster), a checkpoint it refuses: a failure like any other.
                lastFailure = e.getMessage();
                scheduleRestart(failed);
            }
        }
    }

    private void launch(QuerySpec spec) {
        try {
            current = new Run(pipeline.start(spec), spec, Instant.now());
        } catch (TimeoutException e) {
            throw new IllegalStateException("Spark did not start the query in time", e);
        } catch (InvalidRequestException | SparkUnavailableException | StorageNotSharedException e) {
            throw e;
        } catch (CheckpointConflictException e) {
            throw new QueryStateException(e.getMessage(), status());
        } catch (RuntimeException e) {
            // Spark checks the checkpoint before it starts: a broken one is state the user must resolve.
            throw new QueryStateException("Spark refused to start the query: " + firstLine(e.getMessage())
                    + " (start with startingOffsets to begin from a new checkpoint)", status());
        }
        marker.save(spec);
        log.info("Started streaming query {} (run {}) with {}", current.queries.main().id(), current.queries.main().runId(), spec);
    }

    private boolean cancelPendingRestart() {
        if (pendingRestart == null) {
            return false;
        }
        boolean cancelled = pendingRestart.cancel(false);
        pendingRestart = null;
        nextRestartAt = null;
        publishRestarts();
        return cancelled;
    }

    /** Call with lifecycle held, after changing any restart field. */
    private void publishRestarts() {
        restartStatus = new Restarts(restartCount, lastFailure, nextRestartAt);
    }

    private void stopQuietly() {
        closing = true;
        synchronized (lifecycle) {
            cancelPendingRestart();
            if (!isRunning()) {
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
        Run run = current;
        long deadline = System.nanoTime() + defaults.stopTimeout().toNanos();
        // A real-time batch lasts its whole checkpoint interval; it is stopped mid-batch and its records
        // since the last checkpoint are processed again at the next start (at least once, as Spark says).
        while (run.queries.microBatchQueries().anyMatch(q -> q.isActive() && q.status().isTriggerActive())
                && System.nanoTime() < deadline) {
            pause();
        }
        stopActive(run);
        Optional<SparkStatusTracker> jobs = spark.current().map(session -> session.sparkContext().statusTracker());
        while (jobs.isPresent() && jobs.get().getActiveJobIds().length > 0 && System.nanoTime() < deadline) {
            pause();
        }
        run.stoppedAt = Instant.now();
        log.info("Stopped streaming query {} (run {})", run.queries.main().id(), run.queries.main().runId());
    }

    private static void stopActive(Run run) {
        run.queries.all().filter(StreamingQuery::isActive).forEach(query -> {
            try {
                query.stop();
            } catch (TimeoutException e) {
                throw new IllegalStateException("Spark did not stop the query in time", e);
            }
        });
    }

    private static QueryState stateOf(Run run) {
        if (run.queries.all().anyMatch(q -> q.exception().isDefined())) {
            return QueryState.FAILED;
        }
        return run.queries.main().isActive() ? QueryState.RUNNING : QueryState.STOPPED;
    }

    private static String failureOf(Run run) {
        return run.queries.all()
                .map(StreamingQuery::exception)
                .filter(Option::isDefined)
                .map(e -> failureMessage(e.get()))
                .findFirst().orElse(null);
    }

    private static QueryStatus.Archive archiveStatus(Run run) {
        if (run.queries.archivePath() == null) {
            return null;
        }
        // Written by the main query, the archive has its state and batch ids.
        StreamingQuery archive = run.queries.archive() != null ? run.queries.archive() : run.queries.main();
        StreamingQueryProgress progress = archive.lastProgress();
        QueryState state = archive.exception().isDefined() ? QueryState.FAILED
                : archive.isActive() ? QueryState.RUNNING : QueryState.STOPPED;
        return new QueryStatus.Archive(state, Objects.toString(run.queries.archivePath()),
                progress == null ? null : progress.batchId());
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
        return firstLine(cause.getMessage() != null ? cause.getMessage() : cause.getClass().getName());
    }

    /** Restart bookkeeping, shown in the status. */
    record Restarts(int count, String lastFailure, Instant nextRestartAt) {
        Restarts {
            lastFailure = firstLine(lastFailure);
        }
    }

    private static final class Run {
        final RunningQueries queries;
        final QuerySpec spec;
        final Instant startedAt;
        volatile Instant stoppedAt;

        Run(RunningQueries queries, QuerySpec spec, Instant startedAt) {
            this.queries = queries;
            this.spec = spec;
            this.startedAt = startedAt;
        }
    }
}
