package io.streamgate.queries;

import io.streamgate.pipeline.StreamingPipeline;
import io.streamgate.pipeline.definition.QueryDefinition;
import io.streamgate.pipeline.plan.QueryPlanner;
import io.streamgate.queries.store.QueryStore;
import io.streamgate.queries.store.SavedQuery;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * Plans, starts and records one run of a query (Spring Batch's {@code JobLauncher}, for queries): what to
 * run, from {@link QueryPlanner}; run by {@link StreamingPipeline}; kept in the query's store, so that the
 * next start of the app resumes it. A start that fails is a refusal sorted by {@link StartFailures}.
 */
@Component
class QueryLauncher {

    private static final Logger log = LoggerFactory.getLogger(QueryLauncher.class);

    private final QueryPlanner planner;
    private final StreamingPipeline pipeline;
    private final Clock clock;
    private final Duration behindAfter;

    QueryLauncher(QueryPlanner planner, StreamingPipeline pipeline, Clock clock, QueriesProperties limits) {
        this.planner = planner;
        this.pipeline = pipeline;
        this.clock = clock;
        this.behindAfter = limits.behindAfter();
    }

    /**
     * Refusals come before anything is deleted or written.
     *
     * @param store             the query's: the archive log its checkpoint has been writing, and where the run is kept
     * @param coresHeldByOthers cores other queries' real-time tasks hold
     * @param status            the query's status, for a refusal that is about its state
     */
    QueryRun launch(String name, QueryDefinition definition, boolean fromScratch, QueryStore store, int coresHeldByOthers,
                    Supplier<QueryStatus> status) {
        SavedQuery saved = store.read();
        QueryRun run;
        try {
            run = new QueryRun(pipeline.start(planner.plan(name, definition, fromScratch, saved.archive(),
                    coresHeldByOthers)), clock, behindAfter);
        } catch (Exception e) {
            throw StartFailures.sort(name, e, status);
        }
        try {
            store.write(saved.started(run.plan()));
        } catch (RuntimeException e) {
            run.stopNow(); // a run the store does not know of would not be resumed
            throw StartFailures.sort(name, e, status);
        }
        log.info("Started streaming query {} {} (run {}) with {}", name, run.main().id(), run.main().runId(), run.plan());
        return run;
    }
}
