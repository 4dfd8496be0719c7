package io.streamgate.pipeline.results;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonValue;
import tools.jackson.databind.JsonNode;

/**
 * A row of a user's SQL: every output column, nulls included, as one JSON object (a window as
 * {@code {start, end}}), shown and sent as that object.
 *
 * @param groupKey the group's key columns as JSON, for a row of an aggregation; null otherwise
 */
public record JsonRow(@JsonIgnore String groupKey, @JsonValue JsonNode value) implements ResultRow {
}
