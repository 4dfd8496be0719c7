package io.streamgate.queries;

import io.streamgate.pipeline.definition.ErrorText;
import io.swagger.v3.oas.annotations.media.Schema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Restarts of one query after failures, with backoff ({@link RestartPolicy}), and what the status
 * shows of them. Called with its {@link QueryOperator}'s lock held; {@link #snapshot()} is read without
 * it, so a status request never waits for a stop to finish.
 */
final class Restarts implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Restarts.class);

    /** Shown in the status. */
    @Schema(name = "QueryRestarts", description = "Automatic restarts after failures: how many, the last failure, when the next one is due")
    record Snapshot(int count, @Schema(nullable = true) String lastFailure, @Schema(nullable = true) Instant nextRestartAt) {

        static final Snapshot NONE = new Snapshot(0, null, null);
    }

    private final RestartPolicy policy;
    private final Clock clock;
    private final ScheduledExecutorService scheduler;
    private int count;
    private int failuresInARow;
    private String lastFailure;
    private ScheduledFuture<?> pending;
    private Instant nextRestartAt;
    private volatile Snapshot snapshot = Snapshot.NONE;

    Restarts(RestartPolicy policy, Clock clock) {
        this(policy, clock, Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "streamgate-query-restart");
            thread.setDaemon(true);
            return thread;
        }));
    }

    /** @param scheduler runs the restarts, and the work that must leave Spark's listener thread */
    Restarts(RestartPolicy policy, Clock clock, ScheduledExecutorService scheduler) {
        this.policy = policy;
        this.clock = clock;
        this.scheduler = scheduler;
    }

    Snapshot snapshot() {
        return snapshot;
    }

    /** An explicit start: the count and the backoff begin anew. */
    void reset() {
        cancel();
        count = 0;
        failuresInARow = 0;
        lastFailure = null;
        publish();
    }

    /** @return whether a restart was pending */
    boolean cancel() {
        if (pending == null) {
            return false;
        }
        boolean cancelled = pending.cancel(false);
        pending = null;
        nextRestartAt = null;
        publish();
        return cancelled;
    }

    boolean isPending() {
        return pending != null;
    }

    /** The run got through a batch: the next failure starts the backoff anew. */
    void progressed() {
        failuresInARow = 0;
    }

    /** Something went wrong that is not a failure of a run (e.g. a resume that could not start): shown, not retried. */
    void note(String reason) {
        lastFailure = ErrorText.firstLine(reason);
        publish();
    }

    /**
     * A run failed, or a restart of it could not start: schedules the next restart, or leaves it FAILED.
     *
     * @return whether a restart is scheduled
     */
    boolean failed(String reason, Runnable restart) {
        cancel();
        lastFailure = ErrorText.firstLine(reason);
        failuresInARow++;
        Optional<Duration> delay = policy.delayAfter(failuresInARow);
        if (delay.isEmpty()) {
            log.error("Streaming query failed and is left FAILED after {} restarts in a row: {}",
                    failuresInARow - 1, lastFailure);
            publish();
            return false;
        }
        log.warn("Streaming query failed ({}); restart {} in {} ms", lastFailure, failuresInARow, delay.get().toMillis());
        nextRestartAt = clock.instant().plus(delay.get());
        pending = scheduler.schedule(restart, delay.get().toMillis(), TimeUnit.MILLISECONDS);
        publish();
        return true;
    }

    /**
     * A run failed in a way a restart would repeat (it ran out of memory): no restart.
     *
     * @return false: no restart is scheduled
     */
    boolean gaveUp(String reason) {
        cancel();
        lastFailure = ErrorText.firstLine(reason);
        log.error("Streaming query failed: {}", lastFailure); // the reason says why there is no restart
        publish();
        return false;
    }

    /** The scheduled restart is under way. */
    void restarting() {
        pending = null;
        nextRestartAt = null;
        count++;
        publish();
    }

    /** Work that must not run on Spark's listener thread (stopping the rest of a failed run). */
    void execute(Runnable work) {
        scheduler.execute(work);
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }

    private void publish() {
        snapshot = new Snapshot(count, lastFailure, nextRestartAt);
    }
}
