package io.streamgate.queries;

import io.streamgate.queries.flow.Flow;
import io.streamgate.queries.flow.RunFlow;
import org.apache.spark.sql.streaming.StreamingQueryProgress;

import java.util.Optional;

/**
 * What Spark's events on a query's run lead to: its flow and state bound at each progress, and a run
 * Spark ended on its own failed (with a restart after backoff, through admission like any start) or
 * stopped. Holds its operator's lock for each change, as the operator's commands do.
 */
final class RunSupervisor {

    private final QueryOperator operator;
    private final Object lock;
    private final QueryLifecycle lifecycle;
    private final OperatorContext context;
    private final Restarts restarts;

    RunSupervisor(QueryOperator operator, Object lock, QueryLifecycle lifecycle, OperatorContext context, Restarts restarts) {
        this.operator = operator;
        this.lock = lock;
        this.lifecycle = lifecycle;
        this.context = context;
        this.restarts = restarts;
    }

    /**
     * On Spark's listener thread: one of the run's queries got through a batch.
     *
     * @return the run's flow as of this progress, when it was the main query's
     */
    Optional<Flow> progressed(String runId, StreamingQueryProgress progress) {
        QueryRun run = lifecycle.run();
        if (run == null || !run.main().runId().toString().equals(runId)) {
            return Optional.empty();
        }
        run.flow().progressed(progress);
        synchronized (lock) {
            restarts.progressed();
            if (run.overStateBound(RunFlow.stateRows(progress), context.maxStateRows())) {
                settle();
            }
        }
        return Optional.of(run.flow().flow());
    }

    /** Call with the lock held: a run Spark ended on its own is failed (and restarted) or stopped, once. */
    void settle() {
        QueryRun run = lifecycle.run();
        if (lifecycle.state() != Lifecycle.RUNNING || run.isActive() && run.failure().isEmpty()) {
            return;
        }
        Optional<String> failure = run.failure();
        if (failure.isEmpty()) {
            lifecycle.moveTo(Lifecycle.STOPPED); // Spark stopped it: its session went
            return;
        }
        // A run fails as a whole: its other query (main or archive) is stopped too, off this thread.
        restarts.execute(() -> {
            synchronized (lock) {
                if (lifecycle.run() == run) {
                    run.stopNow();
                }
            }
        });
        failed(run, failure.get());
    }

    /** On the restarts' thread, through admission like any start; unless stopped, deleted or started meanwhile. */
    private void restart(QueryRun failed) {
        try {
            context.admission().admit(operator, () -> {
                synchronized (lock) {
                    if (restartIsDue(failed)) {
                        failed.stopBetweenBatches(context.stopTimeout(), context.unstopped());
                        restarts.restarting();
                        operator.launch(failed.plan().definition(), false);
                    }
                }
                return null;
            });
        } catch (RuntimeException e) {
            // Spark unavailable (a lost cluster), a checkpoint it refuses, no room: a failure like any other.
            synchronized (lock) {
                if (restartIsDue(failed)) {
                    failed(failed, e.getMessage());
                }
            }
        }
    }

    private boolean restartIsDue(QueryRun failed) {
        return lifecycle.run() == failed && lifecycle.state() == Lifecycle.RESTARTING;
    }

    /** Call with the lock held: a restart follows with backoff, or none (see restartable) and it is FAILED. */
    private void failed(QueryRun run, String reason) {
        boolean scheduled = run.restartable() ? restarts.failed(reason, () -> restart(run)) : restarts.gaveUp(reason);
        lifecycle.moveTo(scheduled ? Lifecycle.RESTARTING : Lifecycle.FAILED);
    }
}
