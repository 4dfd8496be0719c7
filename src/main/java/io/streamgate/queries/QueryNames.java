package io.streamgate.queries;

import io.streamgate.pipeline.definition.InvalidQueryException;

import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/** What a query may be called: the default query's configured name, and the names users give theirs. */
final class QueryNames {

    private static final Pattern NAME = Pattern.compile("[a-z0-9-]{1,63}");
    /** Path segments of the default query's endpoints: {@code /queries/start} is not a query. */
    private static final Set<String> RESERVED = Set.of("start", "stop", "status", "results");

    private final String defaultName;

    /** @param defaultName {@code streamgate.pipeline.query-name} */
    QueryNames(String defaultName) {
        this.defaultName = defaultName;
    }

    String defaultName() {
        return defaultName;
    }

    /** Whether a folder under the checkpoint dir is a user query's. */
    boolean isUserQuery(String folder) {
        return NAME.matcher(folder).matches() && !folder.equals(defaultName);
    }

    /**
     * @param defaultStatus the default query's status, for the refusal of its name
     * @throws InvalidQueryException for a name that is malformed or reserved
     * @throws QueryStateException   for the default query's name
     */
    void requireUserName(String name, Supplier<QueryStatus> defaultStatus) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new InvalidQueryException("A query's name is 1 to 63 lower-case letters, digits and dashes, not '"
                    + name + "'");
        }
        if (RESERVED.contains(name) || name.equals(defaultName + "-archive")) {
            throw new InvalidQueryException("'" + name + "' is reserved; choose another name");
        }
        if (name.equals(defaultName)) {
            throw new QueryStateException("'" + name + "' is the default query, defined by the service's settings; "
                    + "choose another name", defaultStatus.get());
        }
    }
}
