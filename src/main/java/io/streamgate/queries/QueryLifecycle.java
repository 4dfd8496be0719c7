package io.streamgate.queries;

import java.util.Optional;
import java.util.function.Supplier;

/**
 * One query's {@link Lifecycle} state and the run it is about, changed together, and only as the
 * table allows. Written with its {@link QueryOperator}'s lock held; read without it.
 */
final class QueryLifecycle {

    /** The state, and the latest run (null before the first). */
    record Current(Lifecycle state, QueryRun run) {

        /** While it runs, Spark's own view: a run that died a moment ago shows so before its event arrives. */
        QueryState shown() {
            return state == Lifecycle.RUNNING ? run.state() : state.shown();
        }

        boolean isRunning() {
            return state == Lifecycle.RUNNING && run.isActive();
        }

        Optional<QueryRun> latestRun() {
            return Optional.ofNullable(run);
        }
    }

    private final String query;
    private volatile Current current = new Current(Lifecycle.NEW, null);

    QueryLifecycle(String query) {
        this.query = query;
    }

    Current current() {
        return current;
    }

    Lifecycle state() {
        return current.state();
    }

    QueryRun run() {
        return current.run();
    }

    /**
     * @throws QueryNotFoundException when the query is deleted
     * @throws QueryStateException    with the refusal, when the query cannot go to {@code next} from where it is
     */
    void require(Lifecycle next, String refusal, Supplier<QueryStatus> status) {
        requireExists();
        if (!state().canMoveTo(next)) {
            throw new QueryStateException(refusal, status.get());
        }
    }

    /** @throws QueryNotFoundException when the query is deleted */
    void requireExists() {
        if (state() == Lifecycle.CLOSED) {
            throw new QueryNotFoundException(query);
        }
    }

    /** @throws IllegalStateException for a change the table does not allow: a bug, not a request to refuse */
    void moveTo(Lifecycle next, QueryRun run) {
        Lifecycle from = current.state();
        if (!from.canMoveTo(next)) {
            throw new IllegalStateException("Query " + query + " cannot go from " + from + " to " + next);
        }
        current = new Current(next, run);
    }

    /** Closed, if it is not yet: for good. */
    void close() {
        if (state() != Lifecycle.CLOSED) {
            moveTo(Lifecycle.CLOSED);
        }
    }

    /** Another state, with the same run. */
    void moveTo(Lifecycle next) {
        moveTo(next, current.run());
    }
}
