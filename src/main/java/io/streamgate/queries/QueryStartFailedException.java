package io.streamgate.queries;

/** A start failed in a way none of the known refusals names: answered 503, with what failed. */
public class QueryStartFailedException extends RuntimeException {

    QueryStartFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
