package io.streamgate.queries;

/** No query has that name (any more): a 404. */
public class QueryNotFoundException extends RuntimeException {

    QueryNotFoundException(String name) {
        super("No query named '" + name + "'");
    }
}
