package io.streamgate.queries;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static io.streamgate.queries.Lifecycle.CLOSED;
import static io.streamgate.queries.Lifecycle.FAILED;
import static io.streamgate.queries.Lifecycle.NEW;
import static io.streamgate.queries.Lifecycle.RESTARTING;
import static io.streamgate.queries.Lifecycle.RUNNING;
import static io.streamgate.queries.Lifecycle.STOPPED;
import static org.assertj.core.api.Assertions.assertThat;

/** The table of a query's states: every move it allows, and every one it refuses. */
class LifecycleTest {

    /** Each allowed move, with the command or event that makes it. */
    private static final Set<List<Lifecycle>> ALLOWED = Set.of(
            List.of(NEW, RUNNING),          // start, resume
            List.of(NEW, FAILED),           // held instead of resumed, after a crash mid-batch
            List.of(NEW, CLOSED),           // delete, shutdown
            List.of(RUNNING, STOPPED),      // stop; Spark ended the run without a failure
            List.of(RUNNING, RESTARTING),   // the run failed, a restart is scheduled
            List.of(RUNNING, FAILED),       // the run failed, no restart is left
            List.of(RUNNING, CLOSED),
            List.of(RESTARTING, RUNNING),   // the restart, or a start
            List.of(RESTARTING, RESTARTING), // the restart could not start, another is scheduled
            List.of(RESTARTING, FAILED),    // the restart could not start, no restart is left
            List.of(RESTARTING, STOPPED),   // stop cancels the restart
            List.of(RESTARTING, CLOSED),
            List.of(FAILED, RUNNING),       // start, resume
            List.of(FAILED, CLOSED),
            List.of(STOPPED, RUNNING),      // start, resume
            List.of(STOPPED, CLOSED));

    @Test
    void everyAllowedMoveIsAllowed() {
        ALLOWED.forEach(move -> assertThat(move.get(0).canMoveTo(move.get(1))).as("%s -> %s", move.get(0), move.get(1)).isTrue());
    }

    @Test
    void everyOtherMoveIsRefused() {
        List<List<Lifecycle>> refused = new ArrayList<>();
        for (Lifecycle from : Lifecycle.values()) {
            for (Lifecycle to : Lifecycle.values()) {
                if (!ALLOWED.contains(List.of(from, to))) {
                    refused.add(List.of(from, to));
                    assertThat(from.canMoveTo(to)).as("%s -> %s", from, to).isFalse();
                }
            }
        }
        assertThat(refused).hasSize(Lifecycle.values().length * Lifecycle.values().length - ALLOWED.size())
                .contains(List.of(RUNNING, RUNNING), List.of(FAILED, STOPPED), List.of(CLOSED, RUNNING), List.of(NEW, STOPPED));
    }

    @Test
    void aClosedQueryGoesNowhere() {
        for (Lifecycle to : Lifecycle.values()) {
            assertThat(CLOSED.canMoveTo(to)).as("CLOSED -> %s", to).isFalse();
        }
    }

    @Test
    void theApiShowsFourStates() {
        assertThat(NEW.shown()).isEqualTo(QueryState.NOT_STARTED);
        assertThat(RUNNING.shown()).isEqualTo(QueryState.RUNNING);
        assertThat(RESTARTING.shown()).as("its run failed; the restart is in the status").isEqualTo(QueryState.FAILED);
        assertThat(FAILED.shown()).isEqualTo(QueryState.FAILED);
        assertThat(STOPPED.shown()).isEqualTo(QueryState.STOPPED);
        assertThat(CLOSED.shown()).isEqualTo(QueryState.STOPPED);
    }

    @Test
    void onlyAQueryThatNeitherRunsNorWaitsToRestartIsIdle() {
        assertThat(Set.of(Lifecycle.values())).filteredOn(Lifecycle::idle).containsExactlyInAnyOrder(NEW, STOPPED, FAILED);
    }
}
