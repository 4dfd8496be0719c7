package io.streamgate.queries;

import io.streamgate.pipeline.SparkConnection;
import org.springframework.stereotype.Component;
import org.apache.spark.sql.streaming.StreamingQueryListener;

/**
 * Spark's events about the runs, on each session Spark makes, passed to the query manager: a run that
 * failed on its own (restarted with backoff), and one that got through a batch (the backoff starts anew).
 */
@Component
class RunEvents extends StreamingQueryListener {

    private final QueryManager queries;

    RunEvents(QueryManager queries, SparkConnection spark) {
        this.queries = queries;
        spark.onSession(session -> session.streams().addListener(this));
    }

    @Override
    public void onQueryStarted(QueryStartedEvent event) {
    }

    @Override
    public void onQueryProgress(QueryProgressEvent event) {
        queries.runProgressed(event.progress().runId().toString());
    }

    @Override
    public void onQueryTerminated(QueryTerminatedEvent event) {
        if (event.exception().isDefined()) {
            queries.runFailed(event.runId().toString(), event.exception().get());
        }
    }
}
