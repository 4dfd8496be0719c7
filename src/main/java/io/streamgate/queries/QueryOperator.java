package io.streamgate.queries;

import io.streamgate.pipeline.ErrorText;
import io.streamgate.pipeline.InvalidQueryException;
import io.streamgate.pipeline.PipelineProperties;
import io.streamgate.pipeline.QueryDefinition;
import io.streamgate.pipeline.QueryPlan;
import io.streamgate.pipeline.QueryPlanner;
import io.streamgate.pipeline.SparkConnection;
import io.streamgate.pipeline.SparkUnavailableException;
import io.streamgate.pipeline.StorageNotSharedException;
import io.streamgate.pipeline.StreamingPipeline;
import io.streamgate.pipeline.TooManyQueriesException;
import io.streamgate.kafka.KafkaAdminUnavailableException;
import io.streamgate.queries.QueryStore.SavedQuery;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import java.time.Instant;
import java.util.Optional;
import java.util.function.IntSupplier;
import java.util.function.Supplier;
import java.util.concurrent.TimeoutException;

/**
 * Sequences the commands on one query: start, stop, resume, restart after a failure, shut down. At
 * most one run is active, and the commands are serialized; what they do is handed on: the plan to
 * {@link QueryPlanner}, launching to {@link StreamingPipeline}, what outlives the JVM to
 * {@link QueryStore}, restarts to {@link Restarts}, the status to {@link QueryStatusReader}. There is
 * one per query, kept by {@link QueryRegistry}.
 */
final class QueryOperator {

    private static final Logger log = LoggerFactory.getLogger(QueryOperator.class);

    private final String name;
    private final QueryPlanner planner;
    private final StreamingPipeline pipeline;
    private final SparkConnection spark;
    private final PipelineProperties settings;
    private final QueryStore store;
    private final Restarts restarts;
    private final QueryStatusReader statusReader;
    private final IntSupplier coresHeldByOthers;
    private final Object lifecycle = new Object();
    private volatile QueryRun current;
    private volatile boolean closing;

    /**
     * @param coresHeldByOthers the cores other queries' real-time tasks hold, asked at each start
     */
    QueryOperator(String name, QueryPlanner planner, StreamingPipeline pipeline, SparkConnection spark,
                  QueryStore store, PipelineProperties settings, JsonMapper json, IntSupplier coresHeldByOthers) {
        this.name = name;
        this.planner = planner;
        this.pipeline = pipeline;
        this.spark = spark;
        this.settings = settings;
        this.store = store;
        this.restarts = new Restarts(RestartPolicy.of(settings.restart()));
        this.statusReader = new QueryStatusReader(name, json);
        this.coresHeldByOthers = coresHeldByOthers;
    }

    String name() {
        return name;
    }

    QueryStore store() {
        return store;
    }

    /**
     * @param fromScratch true to drop the checkpoint (and results) and begin at the definition's offsets
     */
    QueryStatus start(QueryDefinition definition, boolean fromScratch) {
        synchronized (lifecycle) {
            if (isRunning()) {
                throw new QueryStateException("The query is already running; stop it first", status());
            }
            restarts.reset();
            launch(definition, fromScratch);
            return status();
        }
    }

    /** Runs the change with the query's commands held off: a definition replaced or deleted while stopped. */
    <T> T whileStopped(Supplier<T> change) {
        synchronized (lifecycle) {
            if (isRunning() || restarts.isPending()) {
                throw new QueryStateException("The query '" + name + "' is running; stop it first", status());
            }
            return change.get();
        }
    }

    /** Ends the query for good: stopped if running, no restart pending, never resumed. */
    void close() {
        synchronized (lifecycle) {
            closing = true;
            restarts.cancel();
            if (isRunning()) {
                stopCurrent();
            }
        }
        restarts.close();
    }

    /** Whether one of its runs, the latest, ran under that Spark run id. */
    boolean ran(String runId) {
        QueryRun run = current;
        return run != null && run.ran(runId);
    }

    QueryStatus stop() {
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

    QueryStatus status() {
        return statusReader.read(Optional.ofNullable(current), restarts.snapshot());
    }

    boolean isRunning() {
        QueryRun run = current;
        return run != null && run.isActive();
    }

    /** The plan of the latest run, if there was one. */
    Optional<QueryPlan> currentPlan() {
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
                log.warn("Not resuming streaming query {}: cannot read its store ({})", name, e.getMessage());
                return;
            }
            if (!saved.running() || saved.definition().isEmpty()) {
                return;
            }
            log.info("Resuming streaming query {}, which was running when the app (or its Spark session) stopped", name);
            try {
                launch(saved.definition().get(), false);
            } catch (RuntimeException e) {
                // The app stays up, so the user can see why (status, log) and start the query anew.
                log.warn("Not resuming streaming query {}: {}", name, e.getMessage());
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
                    log.warn("Stopping streaming query {} at shutdown failed: {}", name, e.getMessage());
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
        QueryPlan plan = planner.plan(name, definition, fromScratch, saved.archive(), coresHeldByOthers.getAsInt());
        try {
            current = new QueryRun(pipeline.start(plan), Instant.now());
        } catch (TimeoutException e) {
            throw new IllegalStateException("Spark did not start the query in time", e);
        } catch (InvalidQueryException | SparkUnavailableException | StorageNotSharedException | TooManyQueriesException
                 | KafkaAdminUnavailableException e) {
            throw e;
        } catch (RuntimeException e) {
            // Spark checks the checkpoint before it starts: a broken one is state the user must resolve.
            throw new QueryStateException("Spark refused to start the query: " + ErrorText.firstLine(e.getMessage())
                    + " (start with startingOffsets to begin from a new checkpoint)", status());
        }
        store.write(saved.started(plan));
        log.info("Started streaming query {} {} (run {}) with {}", name, current.main().id(), current.main().runId(), plan);
    }

    private void stopCurrent() {
        QueryRun run = current;
        run.stopBetweenBatches(settings.stopTimeout(),
                spark.current().map(session -> session.sparkContext().statusTracker()));
        log.info("Stopped streaming query {} {} (run {})", name, run.main().id(), run.main().runId());
    }
}
