package io.streamgate.queries.relations;

/** No stream or table of that kind has that name: a 404. */
public class RelationNotFoundException extends RuntimeException {

    RelationNotFoundException(String kind, String name) {
        super("No " + kind + " named '" + name + "'");
    }
}
