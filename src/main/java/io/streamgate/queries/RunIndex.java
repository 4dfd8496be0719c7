package io.streamgate.queries;

import org.springframework.stereotype.Component;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The query of each Spark run id, of every query's latest run: Spark's events name runs, not queries.
 * What Spark runs that is not here, nor being launched, is no query of the service's
 * ({@link UnregisteredRuns}).
 */
@Component
class RunIndex {

    private final Map<String, QueryOperator> byRunId = new ConcurrentHashMap<>();
    private final Set<String> launching = ConcurrentHashMap.newKeySet();
    private volatile Runnable onChange = () -> { };

    /** Launches a run of the query, marked as launching until it takes the place of the query's last one. */
    QueryRun launch(QueryOperator query, QueryRun previous, Supplier<QueryRun> launch) {
        launching.add(query.name());
        try {
            QueryRun next = launch.get();
            forget(previous);
            next.queries().all().forEach(spark -> byRunId.put(spark.runId().toString(), query));
            return next;
        } finally {
            launching.remove(query.name());
            onChange.run();
        }
    }

    void forget(QueryRun run) {
        if (run != null) {
            run.queries().all().forEach(spark -> byRunId.remove(spark.runId().toString()));
            onChange.run();
        }
    }

    /** Told after each run launched (or not) and each run let go: must not block. */
    void onChange(Runnable listener) {
        this.onChange = listener;
    }

    Optional<QueryOperator> find(String runId) {
        return Optional.ofNullable(byRunId.get(runId));
    }

    /** Whether a run of the query of that name is being launched now: Spark has started it, or soon will. */
    boolean isLaunching(String name) {
        return launching.contains(name);
    }
}
