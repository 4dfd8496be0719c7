package io.streamgate.pipeline;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.to_json;

/**
 * A user query's rows as they leave Spark: {@code key}, the group's key columns as JSON (null for rows
 * that are not groups), and {@code value}, the whole row as a JSON object with every column, nulls
 * included. The same two columns go to the results and, as the record's key and value, to the output topic.
 */
final class SqlOutput {

    static final String KEY = "key";
    static final String VALUE = "value";
    private static final Map<String, String> KEEP_NULLS = Map.of("ignoreNullFields", "false");

    private SqlOutput() {
    }

    static Dataset<Row> keyed(Dataset<Row> rows, Optional<List<String>> groupKeys) {
        Column all = struct(List.of(rows.columns()).stream().map(name -> col("`" + name + "`")).toArray(Column[]::new));
        Column key = groupKeys.isPresent()
                ? to_json(struct(groupKeys.get().stream().map(name -> col("`" + name + "`")).toArray(Column[]::new)), KEEP_NULLS)
                : lit(null).cast("string");
        return rows.select(key.as(KEY), to_json(all, KEEP_NULLS).as(VALUE));
    }
}
