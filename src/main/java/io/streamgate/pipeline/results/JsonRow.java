package io.streamgate.pipeline.results;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonValue;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import tools.jackson.databind.JsonNode;

import java.util.List;
import java.util.Map;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.to_json;

/**
 * A row of a user's SQL: every output column, nulls included, as one JSON object (a window as
 * {@code {start, end}}), shown and sent as that object.
 *
 * @param groupKey the group's key columns as JSON, for a row of an aggregation; null otherwise
 */
public record JsonRow(@JsonIgnore String groupKey, @JsonValue JsonNode value) implements ResultRow {

    /** Spark's {@code to_json} option that writes null columns rather than leaving them out. */
    private static final Map<String, String> KEEP_NULLS = Map.of("ignoreNullFields", "false");

    /** The named columns of a row as one JSON object, nulls included, computed by Spark. */
    public static Column of(List<String> columns) {
        return to_json(struct(columns.stream().map(name -> col("`" + name + "`")).toArray(Column[]::new)), KEEP_NULLS);
    }

    /** The whole row as one JSON object, nulls included, computed by Spark. */
    public static Column of(Dataset<Row> rows) {
        return of(List.of(rows.columns()));
    }
}
