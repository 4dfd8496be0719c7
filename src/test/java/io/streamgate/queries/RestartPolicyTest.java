package io.streamgate.queries;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class RestartPolicyTest {

    private final RestartPolicy policy = new RestartPolicy(5, Duration.ofSeconds(1), Duration.ofSeconds(10));

    @Test
    void theWaitDoublesFromOneFailureInARowToTheNextUpToTheCap() {
        assertThat(policy.delayAfter(1)).contains(Duration.ofSeconds(1));
        assertThat(policy.delayAfter(2)).contains(Duration.ofSeconds(2));
        assertThat(policy.delayAfter(3)).contains(Duration.ofSeconds(4));
        assertThat(policy.delayAfter(4)).contains(Duration.ofSeconds(8));
        assertThat(policy.delayAfter(5)).contains(Duration.ofSeconds(10));
    }

    @Test
    void afterMaxAttemptsInARowTheRunIsLeftFailed() {
        assertThat(policy.delayAfter(6)).isEmpty();
        assertThat(new RestartPolicy(0, Duration.ofSeconds(1), Duration.ofSeconds(10)).delayAfter(1))
                .as("0 turns restarts off").isEmpty();
    }

    @Test
    void aLongRunOfFailuresDoesNotOverflowTheWait() {
        assertThat(new RestartPolicy(1000, Duration.ofSeconds(1), Duration.ofSeconds(30)).delayAfter(500))
                .contains(Duration.ofSeconds(30));
    }
}
