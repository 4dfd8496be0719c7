package io.streamgate.pipeline;

/** A query's definition or options that Spark could not run, or that this app refuses: the reason says which. */
public class InvalidQueryException extends RuntimeException {

    public InvalidQueryException(String message) {
        super(message);
    }

    public InvalidQueryException(String message, Throwable cause) {
        super(message, cause);
    }
}
