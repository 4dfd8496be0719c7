package io.streamgate.queries;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Restarts with backoff, as the status shows them, on a clock that stands still. */
class RestartsTest {

    private static final Instant NOW = Instant.parse("2026-12-04T10:00:00Z");
    private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();

    @AfterEach
    void stopScheduler() {
        scheduler.shutdownNow();
    }

    private Restarts restarts(int maxAttempts, Duration initialBackoff) {
        return new Restarts(new RestartPolicy(maxAttempts, initialBackoff, Duration.ofHours(8)), clock, scheduler);
    }

    @Test
    void aFailureSchedulesARestartAfterTheBackoffAndTheStatusSaysWhen() {
        Restarts restarts = restarts(3, Duration.ofMinutes(1));

        assertThat(restarts.failed("boom\nat some.Class", () -> { })).isTrue();

        assertThat(restarts.isPending()).isTrue();
        assertThat(restarts.snapshot()).isEqualTo(new Restarts.Snapshot(0, "boom", NOW.plus(Duration.ofMinutes(1))));
        assertThat(restarts.failed("again", () -> { })).isTrue();
        assertThat(restarts.snapshot().nextRestartAt()).as("doubled").isEqualTo(NOW.plus(Duration.ofMinutes(2)));
    }

    /** As its operator calls it: with one lock held, by the failure and by the restart. */
    @Test
    void theScheduledRestartRunsAndIsCounted() throws InterruptedException {
        Restarts restarts = restarts(3, Duration.ZERO);
        CountDownLatch restarted = new CountDownLatch(1);
        Object operatorLock = new Object();

        synchronized (operatorLock) {
            restarts.failed("boom", () -> {
                synchronized (operatorLock) {
                    restarts.restarting();
                }
                restarted.countDown();
            });
        }

        assertThat(restarted.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(restarts.snapshot().count()).isEqualTo(1);
        assertThat(restarts.snapshot().nextRestartAt()).isNull();
        assertThat(restarts.isPending()).isFalse();
    }

    @Test
    void pastTheAttemptsNoRestartIsScheduled() {
        Restarts restarts = restarts(1, Duration.ofMinutes(1));
        assertThat(restarts.failed("one", () -> { })).isTrue();
        assertThat(restarts.failed("two", () -> { })).isFalse();
        assertThat(restarts.isPending()).isFalse();
        assertThat(restarts.snapshot().lastFailure()).isEqualTo("two");
        assertThat(restarts.snapshot().nextRestartAt()).isNull();
    }

    @Test
    void aBatchThatGotThroughStartsTheBackoffAnew() {
        Restarts restarts = restarts(2, Duration.ofMinutes(1));
        restarts.failed("one", () -> { });
        restarts.failed("two", () -> { });
        restarts.progressed();
        assertThat(restarts.failed("three", () -> { })).as("the first failure in a row again").isTrue();
        assertThat(restarts.snapshot().nextRestartAt()).isEqualTo(NOW.plus(Duration.ofMinutes(1)));
    }

    @Test
    void cancelAndResetForgetThePendingRestart() {
        Restarts restarts = restarts(3, Duration.ofMinutes(1));
        restarts.failed("boom", () -> { });
        assertThat(restarts.cancel()).isTrue();
        assertThat(restarts.isPending()).isFalse();
        assertThat(restarts.snapshot().nextRestartAt()).isNull();
        assertThat(restarts.cancel()).as("nothing left to cancel").isFalse();

        restarts.failed("boom", () -> { });
        restarts.reset();
        assertThat(restarts.snapshot()).isEqualTo(Restarts.Snapshot.NONE);
    }

    @Test
    void aNoteIsShownAndNotRetried() {
        Restarts restarts = restarts(3, Duration.ofMinutes(1));
        restarts.note("Spark is not available\nmore");
        assertThat(restarts.snapshot().lastFailure()).isEqualTo("Spark is not available");
        assertThat(restarts.isPending()).isFalse();
    }
}
