package io.streamgate.queries.flow;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class FallingBehindTest {

    private static final Instant T0 = Instant.parse("2026-12-05T10:00:00Z");

    @Test
    void aLagThatGrowsForTheWholeWindowIsBehindSinceThenUntilItFalls() {
        FallingBehind behind = new FallingBehind(Duration.ofSeconds(30));
        for (int s = 0; s < 30; s += 10) {
            behind.record(T0.plusSeconds(s), 100 + s);
            assertThat(behind.since()).as("at %d s, the window not yet covered", s).isEmpty();
        }
        behind.record(T0.plusSeconds(30), 130);
        assertThat(behind.since()).contains(T0.plusSeconds(30));
        behind.record(T0.plusSeconds(40), 140);
        assertThat(behind.since()).as("still behind: the same since").contains(T0.plusSeconds(30));

        behind.record(T0.plusSeconds(50), 20); // falling back past where the window began
        assertThat(behind.since()).isEmpty();
    }

    @Test
    void aBacklogBeingDrainedIsNotBehindHoweverLarge() {
        FallingBehind behind = new FallingBehind(Duration.ofSeconds(30));
        for (int s = 0; s <= 60; s += 10) {
            behind.record(T0.plusSeconds(s), 1_000_000 - s * 1000L);
        }
        assertThat(behind.since()).isEmpty();
    }

    @Test
    void aLagThatReachesZeroStartsTheWindowAgain() {
        FallingBehind behind = new FallingBehind(Duration.ofSeconds(30));
        behind.record(T0, 10);
        behind.record(T0.plusSeconds(20), 0);
        behind.record(T0.plusSeconds(25), 50);
        behind.record(T0.plusSeconds(40), 60);
        assertThat(behind.since()).as("growing for 15 s only since it was caught up").isEmpty();
        behind.record(T0.plusSeconds(55), 70);
        assertThat(behind.since()).contains(T0.plusSeconds(55));
    }
}
