package io.streamgate.pipeline.plan;

/** A start past a limit of what runs at once (queries, or cores held by real-time tasks): answered 429. */
public class TooManyQueriesException extends RuntimeException {

    public TooManyQueriesException(String message) {
        super(message);
    }
}
