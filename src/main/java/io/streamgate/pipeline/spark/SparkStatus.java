package io.streamgate.pipeline.spark;

import java.time.Instant;

/** The app's SparkSession as the {@code spark} health component shows it ({@link SparkConnection#status()}). */
public record SparkStatus(State state, String master, String applicationId, int executors, int activeQueries,
                          int failedAttempts, String lastFailure, Instant nextAttemptAt) {

    public enum State {
        /** No session: the next attempt is due at {@code nextAttemptAt}. */
        CONNECTING,
        /** A session, but no executor yet: the cluster's workers are busy, lost, or cannot launch one. */
        WAITING_FOR_EXECUTORS,
        /** A session that can run tasks. */
        UP
    }
}
