package io.streamgate.queries.relations;

import java.util.List;

/** A stream or table that queries read cannot go, or change under a running one: a 409 naming them. */
public class RelationInUseException extends RuntimeException {

    private final List<String> queries;

    RelationInUseException(String message, List<String> queries) {
        super(message + ": " + String.join(", ", queries));
        this.queries = List.copyOf(queries);
    }

    public List<String> queries() {
        return queries;
    }
}
