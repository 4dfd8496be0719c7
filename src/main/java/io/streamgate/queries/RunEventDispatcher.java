package io.streamgate.queries;

import io.streamgate.queries.flow.Flow;
import io.streamgate.pipeline.spark.SparkConnection;
import org.apache.spark.sql.streaming.StreamingQueryListener;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.Optional;

/**
 * The one listener of Spark's query events, on every session Spark makes: each event's run id is
 * resolved once, through the registry's index, to its query, which hears first (a failed run is
 * restarted with backoff, a batch that got through starts the backoff anew, a state past its bound
 * fails the run); then the
 * {@link RunListener}s: metrics, live events.
 */
@Component
class RunEventDispatcher extends StreamingQueryListener {

    private final QueryRegistry queries;
    private final List<RunListener> listeners;

    RunEventDispatcher(QueryRegistry queries, List<RunListener> listeners, SparkConnection spark) {
        this.queries = queries;
        this.listeners = List.copyOf(listeners);
        spark.onSession(session -> session.streams().addListener(this));
    }

    @Override
    public void onQueryStarted(QueryStartedEvent event) {
    }

    @Override
    public void onQueryProgress(QueryProgressEvent event) {
        String runId = event.progress().runId().toString();
        queries.ofRun(runId).ifPresent(query -> {
            Optional<Flow> flow = query.runProgressed(runId, event.progress());
            query.currentPlan().ifPresent(plan -> listeners.forEach(listener ->
                    listener.progressed(query.name(), plan, event, flow)));
        });
    }

    @Override
    public void onQueryIdle(QueryIdleEvent event) {
        queries.ofRun(event.runId().toString()).ifPresent(query -> listeners.forEach(listener -> listener.idle(query.name())));
    }

    /**
     * A run id the index does not know yet may be one whose start has not returned: Spark can end a run
     * (a checkpoint it cannot read) before its start is recorded. Every query then looks at its own run.
     */
    @Override
    public void onQueryTerminated(QueryTerminatedEvent event) {
        Optional<QueryOperator> known = queries.ofRun(event.runId().toString());
        if (known.isEmpty()) {
            queries.all().forEach(QueryOperator::settleRun);
            known = queries.ofRun(event.runId().toString());
        } else {
            known.get().settleRun();
        }
        known.ifPresent(query -> listeners.forEach(listener -> listener.terminated(query.name(), event)));
    }
}
