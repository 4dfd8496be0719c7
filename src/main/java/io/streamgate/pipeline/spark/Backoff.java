package io.streamgate.pipeline.spark;

import java.time.Duration;

/** Waits that double from one attempt to the next, up to a cap. */
public final class Backoff {

    private Backoff() {
    }

    /** @param attempt 1 for the first retry */
    public static Duration exponential(Duration initial, Duration max, int attempt) {
        long millis = initial.toMillis() << Math.min(Math.max(attempt, 1) - 1, 20);
        return Duration.ofMillis(Math.min(millis, max.toMillis()));
    }
}
