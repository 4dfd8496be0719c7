package io.streamgate.queries;

import io.streamgate.queries.flow.Flow;
import io.streamgate.pipeline.plan.QueryPlan;
import io.streamgate.pipeline.spark.SparkConnection;
import io.streamgate.pipeline.spark.SparkProperties;
import org.apache.spark.sql.streaming.StateOperatorProgress;
import org.apache.spark.sql.streaming.StreamingQueryListener;
import org.apache.spark.sql.streaming.StreamingQueryProgress;
import org.junit.jupiter.api.Test;
import scala.Option;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

/** Each of Spark's events resolved once to its query, which hears first, then every listener. */
class RunEventDispatcherTest {

    private final QueryRegistry queries = mock(QueryRegistry.class);
    private final QueryOperator query = mock(QueryOperator.class);
    private final QueryPlan plan = mock(QueryPlan.class);
    private final List<String> heard = new ArrayList<>();
    private final RunEventDispatcher dispatcher = new RunEventDispatcher(queries, List.of(new RunListener() {
        @Override
        public void progressed(String name, QueryPlan runPlan, StreamingQueryListener.QueryProgressEvent event,
                               Optional<Flow> flow) {
            heard.add("progressed " + name + (runPlan == plan ? " with its plan" : ""));
        }

        @Override
        public void idle(String name) {
            heard.add("idle " + name);
        }

        @Override
        public void terminated(String name, StreamingQueryListener.QueryTerminatedEvent event) {
            heard.add("terminated " + name);
        }
    }), new SparkConnection(new SparkProperties("local[1]", "test", false, 1, null, null), Clock.systemUTC()));
    private final UUID runId = UUID.randomUUID();

    @Test
    void aProgressReachesTheQueryThenTheListenersWithTheRunsPlan() {
        known();
        StreamingQueryProgress progress = mock(StreamingQueryProgress.class);
        when(progress.runId()).thenReturn(runId);
        StateOperatorProgress groups = mock(StateOperatorProgress.class);
        when(groups.numRowsTotal()).thenReturn(3L);
        StateOperatorProgress deduplication = mock(StateOperatorProgress.class);
        when(deduplication.numRowsTotal()).thenReturn(4L);
        when(progress.stateOperators()).thenReturn(new StateOperatorProgress[] {groups, deduplication});

        dispatcher.onQueryProgress(new StreamingQueryListener.QueryProgressEvent(progress));

        verify(query).runProgressed(runId.toString(), progress);
        assertThat(heard).containsExactly("progressed orders with its plan");
    }

    @Test
    void anIdleQueryIsHeardOf() {
        known();
        dispatcher.onQueryIdle(new StreamingQueryListener.QueryIdleEvent(UUID.randomUUID(), runId, "2026-12-04T10:00:00Z"));
        assertThat(heard).containsExactly("idle orders");
    }

    @Test
    void aRunThatEndedIsSettledByItsQueryBeforeTheListenersHear() {
        known();
        dispatcher.onQueryTerminated(terminated(runId));

        var order = inOrder(query);
        order.verify(query).settleRun();
        assertThat(heard).containsExactly("terminated orders");
        verify(queries, never()).all();
    }

    @Test
    void aRunNotYetKnownHasEveryQueryLookAtItsOwnRun() {
        QueryOperator other = mock(QueryOperator.class);
        when(queries.ofRun(runId.toString())).thenReturn(Optional.empty(), Optional.of(query));
        when(queries.all()).thenReturn(List.of(query, other));
        when(query.name()).thenReturn("orders");

        dispatcher.onQueryTerminated(terminated(runId));

        verify(query).settleRun();
        verify(other).settleRun();
        assertThat(heard).containsExactly("terminated orders");
    }

    @Test
    void eventsOfRunsOfNoQueryAreDropped() {
        when(queries.ofRun(runId.toString())).thenReturn(Optional.empty());
        when(queries.all()).thenReturn(List.of());
        StreamingQueryProgress progress = mock(StreamingQueryProgress.class);
        when(progress.runId()).thenReturn(runId);

        dispatcher.onQueryProgress(new StreamingQueryListener.QueryProgressEvent(progress));
        dispatcher.onQueryTerminated(terminated(runId));

        assertThat(heard).isEmpty();
    }

    private void known() {
        when(queries.ofRun(runId.toString())).thenReturn(Optional.of(query));
        when(query.name()).thenReturn("orders");
        when(query.currentPlan()).thenReturn(Optional.of(plan));
    }

    private static StreamingQueryListener.QueryTerminatedEvent terminated(UUID runId) {
        return new StreamingQueryListener.QueryTerminatedEvent(UUID.randomUUID(), runId, Option.empty(), Option.empty());
    }
}
