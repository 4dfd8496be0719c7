package io.streamgate.pipeline.definition;

import java.util.Map;
import java.util.Optional;

/** The registered streams and tables, by name, as users' SQL reads them beside {@code events}. */
public interface Relations {

    /** Every one, by name. */
    Map<String, Relation> all();

    default Optional<Relation> find(String name) {
        return Optional.ofNullable(all().get(name));
    }
}
