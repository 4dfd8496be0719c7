package io.streamgate.queries;

import io.streamgate.pipeline.SparkConnection;
import org.springframework.stereotype.Component;
import org.apache.spark.sql.streaming.StreamingQueryListener;

/**
 * Spark's events about the runs, on each session Spark makes, passed to the query whose run it is: a run that
 * failed on its own (restarted with backoff), and one that got through a batch (the backoff starts anew).
 */
@Component
class RunEvents extends StreamingQueryListener {

    private final QueryRegistry queries;

    RunEvents(QueryRegistry queries, SparkConnection spark) {
        this.queries = queries;
        spark.onSession(session -> session.streams().addListener(this));
    }

    @Override
    public void onQueryStarted(QueryStartedEvent event) {
    }

    @Override
    public void onQueryProgress(QueryProgressEvent event) {
        String runId = event.progress().runId().toString();
        queries.ofRun(runId).ifPresent(query -> query.runProgressed(runId));
    }

    @Override
    public void onQueryTerminated(QueryTerminatedEvent event) {
        if (event.exception().isDefined()) {
            String runId = event.runId().toString();
            queries.ofRun(runId).ifPresent(query -> query.runFailed(runId, event.exception().get()));
        }
    }
}
