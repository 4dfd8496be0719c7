package io.streamgate.queries;

import io.streamgate.pipeline.definition.QueryDefinition;
import io.streamgate.pipeline.plan.QueryPlan;
import io.streamgate.queries.store.QueryStore;
import io.streamgate.queries.store.SavedQuery;
import io.streamgate.queries.flow.Flow;
import org.apache.spark.sql.streaming.StreamingQueryProgress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Optional;
import java.util.function.Supplier;

/**
 * Sequences the commands on one query: start, stop, resume, shut down. At most one run is active, and
 * the commands are serialized; every change of state is one of {@link Lifecycle}'s. What they do is
 * handed on: launching to {@link QueryLauncher}, room to {@link Admission}, what outlives the JVM to
 * {@link QueryStore}, what Spark's events on the run lead to (a failure, a restart) to
 * {@link RunSupervisor}, the status to {@link QueryStatusReader}. There is one per query, kept by
 * {@link QueryRegistry}.
 */
final class QueryOperator {

    private static final Logger log = LoggerFactory.getLogger(QueryOperator.class);

    private final String name;
    private final DefinedBy definedBy;
    private final OperatorContext context;
    private final QueryStore store;
    private final Restarts restarts;
    private final QueryStatusReader statusReader;
    private final QueryLifecycle lifecycle;
    private final RunSupervisor supervisor;
    private final Object lock = new Object();

    QueryOperator(String name, DefinedBy definedBy, OperatorContext context, QueryStore store, Restarts restarts,
                  QueryStatusReader statusReader) {
        this.name = name;
        this.definedBy = definedBy;
        this.lifecycle = new QueryLifecycle(name);
        this.context = context;
        this.store = store;
        this.restarts = restarts;
        this.statusReader = statusReader;
        this.supervisor = new RunSupervisor(this, lock, lifecycle, context, restarts);
    }

    String name() {
        return name;
    }

    DefinedBy definedBy() {
        return definedBy;
    }

    QueryStore store() {
        return store;
    }

    /** With startingOffsets, the checkpoint (and results) are dropped and the run begins there. */
    QueryStatus start(StartQueryRequest options) {
        synchronized (lock) {
            QueryDefinition definition = definedBy.toStart(name, store.read().definition(), options);
            supervisor.settle();
            lifecycle.require(Lifecycle.RUNNING, "The query is already running; stop it first", this::status);
            restarts.reset();
            launch(definition, options.startingOffsets() != null);
            return status();
        }
    }

    /** Runs the change with the query's commands held off: a definition replaced while stopped. */
    <T> T whileStopped(Supplier<T> change) {
        synchronized (lock) {
            supervisor.settle();
            lifecycle.requireExists();
            if (!lifecycle.state().idle()) {
                throw new QueryStateException("The query '" + name + "' is running; stop it first", status());
            }
            return change.get();
        }
    }

    QueryStatus stop() {
        synchronized (lock) {
            supervisor.settle();
            lifecycle.require(Lifecycle.STOPPED, "No query is running", this::status);
            restarts.cancel();
            store.write(store.read().stopped());
            stopRun();
            lifecycle.moveTo(Lifecycle.STOPPED);
            return status();
        }
    }

    /** Ends the query for good: stopped if running, no restart pending, never resumed (deleted). */
    void close() {
        shutdown();
        context.runs().forget(lifecycle.run());
    }

    /**
     * Stops the run between batches, and leaves it marked as running in the store, so that the next start
     * of the app resumes it; no command runs on it afterwards. Idempotent: called by Spark's shutdown hook
     * and by Spring, whichever comes first.
     */
    void shutdown() {
        synchronized (lock) {
            restarts.cancel();
            try {
                stopRun();
            } catch (RuntimeException e) {
                log.warn("Stopping streaming query {} at shutdown failed: {}", name, e.getMessage());
            }
            lifecycle.close();
        }
        restarts.close();
    }

    QueryStatus status() {
        QueryLifecycle.Current now = lifecycle.current();
        return statusReader.read(now.latestRun(), now.shown(), restarts.snapshot(), context.unstopped().of(name));
    }

    boolean isRunning() {
        return lifecycle.current().isRunning();
    }

    /** The plan of the latest run, if there was one. */
    Optional<QueryPlan> currentPlan() {
        return lifecycle.current().latestRun().map(QueryRun::plan);
    }

    /** Starts again a run that should be going and is not: after the app started, or Spark made a new session. */
    void resume() {
        synchronized (lock) {
            supervisor.settle();
            if (!lifecycle.state().idle()) {
                return;
            }
            try {
                SavedQuery saved = store.read();
                if (!saved.running() || saved.definition().isEmpty()) {
                    return;
                }
                log.info("Resuming streaming query {}, which was running when the app (or its Spark session) stopped", name);
                launch(definedBy.toResume(saved.definition().get()), false);
            } catch (RuntimeException e) {
                // The app stays up, so the user can see why (status, log) and start the query anew.
                log.warn("Not resuming streaming query {}: {}", name, e.getMessage());
                restarts.note(e.getMessage());
            }
        }
    }

    /** In place of a resume after a crash it may have caused: FAILED with the reason, until a user starts it. */
    void hold(String reason) {
        synchronized (lock) {
            if (lifecycle.state() == Lifecycle.NEW) {
                store.write(store.read().stopped());
                restarts.gaveUp(reason);
                lifecycle.moveTo(Lifecycle.FAILED);
            }
        }
    }

    /** On Spark's listener thread: one of the run's queries got through a batch; see {@link RunSupervisor}. */
    Optional<Flow> runProgressed(String runId, StreamingQueryProgress progress) {
        return supervisor.progressed(runId, progress);
    }

    /** On Spark's listener thread, or any thread that saw Spark end a run: what the query does next. */
    void settleRun() {
        synchronized (lock) {
            supervisor.settle();
        }
    }

    /** Call with the lock held: not while tasks of a run before run on. */
    void launch(QueryDefinition definition, boolean fromScratch) {
        context.unstopped().requireNone(name, this::status);
        QueryRun run = context.runs().launch(this, lifecycle.run(), () -> context.launcher().launch(name, definition,
                fromScratch, store, context.admission().coresHeldExcept(name), this::status));
        lifecycle.moveTo(Lifecycle.RUNNING, run);
    }

    /** Call with the lock held: stops the current run, if it is active, between batches, and sees its tasks end. */
    private void stopRun() {
        lifecycle.current().latestRun().ifPresent(run -> run.stopBetweenBatches(context.stopTimeout(), context.unstopped()));
    }
}
