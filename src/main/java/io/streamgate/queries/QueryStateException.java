package io.streamgate.queries;

/** The lifecycle request does not fit the query's current state: answered with 409. */
public class QueryStateException extends RuntimeException {

    private final transient QueryStatus status;

    QueryStateException(String message, QueryStatus status) {
        super(message);
        this.status = status;
    }

    public QueryStatus status() {
        return status;
    }
}
