package io.streamgate.queries;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** The query of each Spark run id, of every query's latest run: Spark's events name runs, not queries. */
final class RunIndex {

    private final Map<String, QueryOperator> byRunId = new ConcurrentHashMap<>();

    /** The query's new run takes the place of its last one. */
    void replace(QueryRun previous, QueryRun next, QueryOperator query) {
        forget(previous);
        next.queries().all().forEach(spark -> byRunId.put(spark.runId().toString(), query));
    }

    void forget(QueryRun run) {
        if (run != null) {
            run.queries().all().forEach(spark -> byRunId.remove(spark.runId().toString()));
        }
    }

    Optional<QueryOperator> find(String runId) {
        return Optional.ofNullable(byRunId.get(runId));
    }
}
