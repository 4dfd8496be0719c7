package io.streamgate.queries;

import io.streamgate.pipeline.plan.QueryPlan;
import io.streamgate.pipeline.plan.TooManyQueriesException;

import java.util.Collection;
import java.util.function.Supplier;

/**
 * Whether there is room for one more running query: at most {@code streamgate.queries.max-running} at
 * once, counted and started under one lock, so that the limit holds between racing starts; and the cores
 * the others' real-time tasks hold.
 */
final class Admission {

    private final int maxRunning;
    private final Supplier<Collection<QueryOperator>> queries;

    Admission(int maxRunning, Supplier<Collection<QueryOperator>> queries) {
        this.maxRunning = maxRunning;
        this.queries = queries;
    }

    /**
     * Runs the start with room for it held.
     *
     * @throws TooManyQueriesException when the others running fill the limit
     */
    synchronized <T> T admit(QueryOperator starting, Supplier<T> start) {
        long running = queries.get().stream().filter(query -> query != starting && query.isRunning()).count();
        if (running >= maxRunning) {
            throw new TooManyQueriesException(running + " queries are running, the most streamgate.queries.max-running "
                    + "allows; stop one first");
        }
        return start.get();
    }

    /** The cores the other running queries' real-time tasks hold. */
    int coresHeldExcept(String name) {
        return queries.get().stream().filter(query -> !query.name().equals(name) && query.isRunning())
                .flatMap(query -> query.currentPlan().stream()).mapToInt(QueryPlan::coresHeld).sum();
    }
}
