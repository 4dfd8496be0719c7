package io.streamgate.queries;

import io.streamgate.pipeline.StartedQueries;
import io.streamgate.pipeline.definition.QueryDefinition;
import io.streamgate.pipeline.plan.ArchivePlan;
import io.streamgate.pipeline.plan.Engine;
import io.streamgate.pipeline.plan.QueryPlan;
import io.streamgate.queries.store.QueryStore;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

/**
 * Launches runs of {@link FakeSparkQuery}s, recorded in the store as the real launcher records them; or,
 * when told to, fails the way a start fails.
 */
final class FakeLauncher extends QueryLauncher {

    final List<FakeSparkQuery> started = new CopyOnWriteArrayList<>();
    private final Clock clock;
    volatile RuntimeException failNext;

    FakeLauncher(Clock clock) {
        super(null, null, clock, new QueriesProperties(8, Duration.ofSeconds(5), Duration.ofSeconds(1), Duration.ofMinutes(1)));
        this.clock = clock;
    }

    @Override
    QueryRun launch(String name, QueryDefinition definition, boolean fromScratch, QueryStore store, int coresHeldByOthers,
                    Supplier<QueryStatus> status) {
        RuntimeException failure = failNext;
        if (failure != null) {
            failNext = null;
            throw StartFailures.sort(name, failure, status);
        }
        QueryPlan plan = new QueryPlan(name, definition, fromScratch, definition.startingOffsets(), new Engine.MicroBatch(definition.triggerMillis(), 1000, 1000),
                new ArchivePlan.None(), URI.create("file:///checkpoints/" + name + "/results"), 0);
        FakeSparkQuery query = new FakeSparkQuery(name);
        started.add(query);
        QueryRun run = new QueryRun(new StartedQueries(plan, query, Optional.empty(), () -> { }), clock, Duration.ofMinutes(1));
        store.write(store.read().started(plan));
        return run;
    }

    FakeSparkQuery last() {
        return started.get(started.size() - 1);
    }
}
