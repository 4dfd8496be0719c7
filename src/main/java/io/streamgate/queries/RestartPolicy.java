package io.streamgate.queries;

import io.streamgate.pipeline.spark.Backoff;
import io.streamgate.pipeline.definition.PipelineProperties;

import java.time.Duration;
import java.util.Optional;

/**
 * When a run that failed on its own is started again: after a wait that doubles from one failure in a
 * row to the next, up to a cap, and not at all after {@code maxAttempts} failures in a row.
 */
record RestartPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff) {

    static RestartPolicy of(PipelineProperties.Restart settings) {
        return new RestartPolicy(settings.maxAttempts(), settings.initialBackoff(), settings.maxBackoff());
    }

    /**
     * @param failuresInARow failures since the run last got through a batch, this one included
     * @return the wait before the next restart, or empty to leave the run FAILED
     */
    Optional<Duration> delayAfter(int failuresInARow) {
        if (failuresInARow > maxAttempts) {
            return Optional.empty();
        }
        return Optional.of(Backoff.exponential(initialBackoff, maxBackoff, failuresInARow));
    }
}
