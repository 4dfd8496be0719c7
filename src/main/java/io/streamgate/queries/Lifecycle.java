package io.streamgate.queries;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * Where a query is in its life, and which state may follow which: one table, that every change of a
 * query's state goes through ({@link QueryOperator}), as Flink's {@code OperationStatus} has. What the
 * API shows is {@link QueryState}, derived from it.
 */
enum Lifecycle {

    /** Not started since the service started. */
    NEW(QueryState.NOT_STARTED),
    /** A run was started and has not ended as far as the query knows (Spark may have ended it a moment ago). */
    RUNNING(QueryState.RUNNING),
    /** Its run failed; a restart is scheduled. */
    RESTARTING(QueryState.FAILED),
    /** Its run failed, and no restart follows: restarts are off or used up, or it was held after a crash. */
    FAILED(QueryState.FAILED),
    /** Stopped on request, or its run ended without a failure. */
    STOPPED(QueryState.STOPPED),
    /** Deleted, or the service shut down: no command runs on it any more. */
    CLOSED(QueryState.STOPPED);

    private static final Map<Lifecycle, Set<Lifecycle>> NEXT = Map.of(
            NEW, EnumSet.of(RUNNING, FAILED, CLOSED),
            RUNNING, EnumSet.of(STOPPED, RESTARTING, FAILED, CLOSED),
            RESTARTING, EnumSet.of(RUNNING, RESTARTING, FAILED, STOPPED, CLOSED),
            FAILED, EnumSet.of(RUNNING, CLOSED),
            STOPPED, EnumSet.of(RUNNING, CLOSED),
            CLOSED, EnumSet.noneOf(Lifecycle.class));

    private final QueryState shown;

    Lifecycle(QueryState shown) {
        this.shown = shown;
    }

    boolean canMoveTo(Lifecycle next) {
        return NEXT.get(this).contains(next);
    }

    /** Neither running nor about to: no run is active, and none is scheduled. */
    boolean idle() {
        return this == NEW || this == STOPPED || this == FAILED;
    }

    /** The state the API shows for this one. */
    QueryState shown() {
        return shown;
    }
}
