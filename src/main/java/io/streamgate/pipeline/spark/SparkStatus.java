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

    /** Why there is no usable session, as a 503 says it. */
    String unavailableReason() {
        String reason = switch (state) {
            case CONNECTING -> "there is no Spark session" + (lastFailure == null ? "" : " (" + lastFailure + ")")
                    + "; the app keeps trying to make one";
            case WAITING_FOR_EXECUTORS -> "the Spark cluster has given this app no executor yet (its workers are "
                    + "busy, lost, or cannot launch one)";
            case UP -> "Spark stopped the session just now; the app makes a new one";
        };
        return "Spark is not available on " + master + ": " + reason;
    }
}
