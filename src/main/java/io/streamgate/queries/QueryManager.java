package io.streamgate.queries;

import io.streamgate.pipeline.ErrorText;
import io.streamgate.pipeline.InvalidQueryException;
import io.streamgate.pipeline.PipelineProperties;
import io.streamgate.pipeline.QueryDefinition;
import io.streamgate.pipeline.QueryPlan;
import io.streamgate.pipeline.QueryPlanner;
import io.streamgate.pipeline.SparkConnection;
import io.streamgate.pipeline.SparkUnavailableException;
import io.streamgate.pipeline.Storage;
import io.streamgate.pipeline.StorageNotSharedException;
import io.streamgate.pipeline.StreamingPipeline;
import io.streamgate.queries.QueryStore.SavedQuery;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import tools.jackson.databind.json.JsonMapper;

import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeoutException;

/**
 * Sequences the commands on the query: start, stop, resume, restart after a failure, shut down. At
 * most one run is active, and the commands are serialized; what they do is handed on: the plan to
 * {@link QueryPlanner}, launching to {@link StreamingPipeline}, what outlives the JVM to
 * {@link QueryStore}, restarts to {@link Restarts}, the status to {@link QueryStatusReader}.
 */
@Service
public class QueryManager {

    private static final Logger log = LoggerFactory.getLogger(QueryManager.class);

    private final QueryPlanner planner;
    private final StreamingPipeline pipeline;
    private final SparkConnection spark;
    private final PipelineProperties settings;
    private final QueryStore store;
    private final Restarts restarts;
    private final QueryStatusReader statusReader;
    private final Object lifecycle = new Object();
    private volatile QueryRun current;
    private volatile boolean closing;

    QueryManager(QueryPlanner planner, StreamingPipeline pipeline, SparkConnection spark, Storage storage,
                 PipelineProperties settings, JsonMapper json) {
        this.planner = planner;
        this.pipeline = pipeline;
        this.spark = spark;
        this.settings = settings;
        this.store = new QueryStore(storage, planner.queryDir(), json);
        this.restarts = new Restarts(RestartPolicy.of(settings.restart()));
        this.statusReader = new QueryStatusReader(settings.queryName(), json);
    }

    /**
     * @param request null or with fields left out for the defaults; with {@code startingOffsets} the
     *                checkpoint is dropped and the query begins there
     */
    public QueryStatus start(StartQueryRequest request) {
        StartQueryRequest options = request == null ? StartQueryRequest.DEFAULTS : request;
        QueryDefinition definition = QueryDefinition.of(settings, options.startingOffsets(), options.trigger(),
                options.schema(), options.mode());
        synchronized (lifecycle) {
            if (isRunning()) {
                throw new QueryStateException("The query is already running; stop it first", status());
            }
            restarts.reset();
            launch(definition, options.startingOffsets() != null);
            return status();
        }
    }

    public QueryStatus stop() {
        synchronized (lifecycle) {
            boolean restartWasPending = restarts.cancel();
            if (!isRunning() && !restartWasPending) {
                throw new QueryStateException("No query is running", status());
            }
            store.write(store.read().stopped());
            if (isRunning()) {
                stopCurrent();
            }
            return status();
        }
    }

    public QueryStatus status() {
        return statusReader.read(Optional.ofNullable(current), restarts.snapshot());
    }

    public boolean isRunning() {
        QueryRun run = current;
        return run != null && run.isActive();
    }

    /** The plan of the latest run, if there was one. */
    public Optional<QueryPlan> currentPlan() {
        return Optional.ofNullable(current).map(QueryRun::plan);
    }

    /**
     * Starts again, from its checkpoint, a run that should be going and is not: after the app started,
     * or after Spark made a new session in place of one it stopped.
     */
    void resume() {
        synchronized (lifecycle) {
            if (isRunning() || restarts.isPending() || closing) {
                return;
            }
            SavedQuery saved;
            try {
                saved = store.read();
            } catch (RuntimeException e) {
                log.warn("Not resuming the streaming query: cannot read its store ({})", e.getMessage());
                return;
            }
            if (!saved.running() || saved.definition().isEmpty()) {
                return;
            }
            log.info("Resuming the streaming query that was running when the app (or its Spark session) stopped");
            try {
                launch(saved.definition().get(), false);
            } catch (RuntimeException e) {
                // The app stays up, so the user can see why (status, log) and start the query anew.
                log.warn("Not resuming the streaming query: {}", e.getMessage());
                restarts.note(e.getMessage());
            }
        }
    }

    /** A run that should not resume at the next start: {@code resume-on-startup} is off. */
    void forgetRunning() {
        synchronized (lifecycle) {
            SavedQuery saved = store.read();
            if (saved.running()) {
                store.write(saved.stopped());
            }
        }
    }

    /** On Spark's listener thread: one of the run's queries failed; the restart is scheduled, never done here. */
    void runFailed(String runId, String reason) {
        synchronized (lifecycle) {
            QueryRun run = current;
            if (run == null || !run.ran(runId)) {
                return;
            }
            // A run fails as a whole: its other query (main or archive) is stopped too, off this thread.
            restarts.execute(() -> {
                synchronized (lifecycle) {
                    if (current == run) {
                        run.stopNow();
                    }
                }
            });
            if (!restarts.isPending()) { // else the run's other query failed first and scheduled it
                restarts.failed(reason, () -> restart(run));
            }
        }
    }

    void runProgressed(String runId) {
        QueryRun run = current;
        if (run != null && run.main().runId().toString().equals(runId)) {
            synchronized (lifecycle) {
                restarts.progressed();
            }
        }
    }

    /**
     * Stops the run between batches, and leaves it marked as running so that the next start of the app
     * resumes it. Idempotent: called by Spark's shutdown hook and by Spring, whichever comes first.
     */
    void shutdown() {
        closing = true;
        synchronized (lifecycle) {
            restarts.cancel();
            if (isRunning()) {
                try {
                    stopCurrent();
                } catch (RuntimeException e) {
                    log.warn("Stopping the streaming query at shutdown failed: {}", e.getMessage());
                }
            }
        }
        restarts.close();
    }

    private void restart(QueryRun failed) {
        synchronized (lifecycle) {
            if (current != failed || closing) {
                return; // stopped, replaced or shutting down meanwhile
            }
            failed.stopNow();
            restarts.restarting();
            try {
                launch(failed.plan().definition(), false);
            } catch (RuntimeException e) {
                // Spark unavailable (a lost cluster), a checkpoint it refuses: a failure like any other.
                restarts.failed(e.getMessage(), () -> restart(failed));
            }
        }
    }

    /** Call with lifecycle held. Refusals come before anything is deleted or written. */
    private void launch(QueryDefinition definition, boolean fromScratch) {
        SavedQuery saved = store.read();
        QueryPlan plan = planner.plan(definition, fromScratch, saved.archive());
        try {
            current = new QueryRun(pipeline.start(plan), Instant.now());
        } catch (TimeoutException e) {
            throw new IllegalStateException("Spark did not start the query in time", e);
        } catch (InvalidQueryException | SparkUnavailableException | StorageNotSharedException e) {
            throw e;
        } catch (RuntimeException e) {
            // Spark checks the checkpoint before it starts: a broken one is state the user must resolve.
            throw new QueryStateException("Spark refused to start the query: " + ErrorText.firstLine(e.getMessage())
                    + " (start with startingOffsets to begin from a new checkpoint)", status());
        }
        store.write(saved.started(plan));
        log.info("Started streaming query {} (run {}) with {}", current.main().id(), current.main().runId(), plan);
    }

    private void stopCurrent() {
        QueryRun run = current;
        run.stopBetweenBatches(settings.stopTimeout(),
                spark.current().map(session -> session.sparkContext().statusTracker()));
        log.info("Stopped streaming query {} (run {})", run.main().id(), run.main().runId());
    }
}
