package io.streamgate.queries;

public enum QueryState {
    /** No query has been started since the app started. */
    NOT_STARTED,
    RUNNING,
    /** Stopped on request or at shutdown. */
    STOPPED,
    /** Terminated on its own with an exception; see the status' failure. */
    FAILED
}
