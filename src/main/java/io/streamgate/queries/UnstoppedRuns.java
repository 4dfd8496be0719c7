package io.streamgate.queries;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The runs that were stopped (or deleted) while a task of theirs ran on past the interrupt: until those
 * tasks end, the query's status says so, it is given no new run, and health names the run as
 * {@code unstoppedRuns}. In local mode nothing but the end of the task, or of the service, frees the
 * core it holds; on a cluster, Spark's task reaper can end the executor (docs/operations.md).
 */
@Component("unstoppedRuns")
class UnstoppedRuns implements HealthIndicator {

    private static final Logger log = LoggerFactory.getLogger(UnstoppedRuns.class);

    private final RunTasks tasks;
    private final Duration bound;
    private final Clock clock;
    private final Map<String, Unstopped> byQuery = new ConcurrentHashMap<>();

    UnstoppedRuns(RunTasks tasks, QueriesProperties settings, Clock clock) {
        this.tasks = tasks;
        this.bound = settings.taskEndTimeout();
        this.clock = clock;
    }

    /**
     * Waits, after Spark cancelled the run's jobs, for their tasks to end, up to
     * {@code streamgate.queries.task-end-timeout}.
     *
     * @return false when some still ran then: the run is kept as unstopped
     */
    boolean awaitEnd(String query, QueryRun run) {
        Unstopped known = byQuery.get(query);
        if (known != null && known.run() == run) {
            return of(query).isEmpty(); // waited for already, at its stop
        }
        Instant deadline = clock.instant().plus(bound);
        while (tasks.busy(run.runIds())) {
            if (!clock.instant().isBefore(deadline) || !pause()) {
                int running = tasks.running(run.runIds());
                if (running == 0) {
                    return true; // a job Spark has not yet told the end of, with no task in flight
                }
                log.warn("Streaming query {} (run {}) is stopped, but {} of its tasks still run {} ms after Spark interrupted "
                        + "them: a task that does not check for interrupts, such as a regular expression that backtracks",
                        query, run.main().runId(), running, bound.toMillis());
                byQuery.put(query, new Unstopped(query, run, clock.instant()));
                return false;
            }
        }
        return true;
    }

    /** The query's stopped run whose tasks still run, if it has one; forgotten once they ended. */
    Optional<QueryStatus.StillRunning> of(String query) {
        Unstopped unstopped = byQuery.get(query);
        if (unstopped == null) {
            return Optional.empty();
        }
        int running = tasks.running(unstopped.run().runIds());
        if (running == 0) {
            byQuery.remove(query, unstopped);
            log.info("The tasks of streaming query {}'s stopped run {} have ended", query, unstopped.run().main().runId());
            return Optional.empty();
        }
        return Optional.of(new QueryStatus.StillRunning(running, unstopped.since(), unstopped.run().main().runId().toString()));
    }

    /** @throws QueryStateException (409) while the query has a stopped run whose tasks still run */
    void requireNone(String query, Supplier<QueryStatus> status) {
        Optional<QueryStatus.StillRunning> still = of(query);
        if (still.isPresent()) {
            throw new QueryStateException("The query '" + query + "' was stopped, but " + still.get().tasks() + " task(s) "
                    + "of its run " + still.get().runId() + " still run: Spark interrupted them, and they do not check "
                    + "for interrupts (a regular expression that backtracks, say). It gets no new run until they end",
                    status.get());
        }
    }

    /** UP: the service serves, with the cores such tasks leave it; each such run is named. */
    @Override
    public Health health() {
        Map<String, QueryStatus.StillRunning> runs = new TreeMap<>();
        List.copyOf(byQuery.keySet()).forEach(query -> of(query).ifPresent(still -> runs.put(query, still)));
        return Health.up().withDetail("runs", runs).build();
    }

    /** @return false when interrupted: the caller stops waiting */
    private static boolean pause() {
        try {
            Thread.sleep(10);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private record Unstopped(String query, QueryRun run, Instant since) {
    }
}
