package io.streamgate.pipeline.archive;

import io.streamgate.pipeline.sql.CheckedSql;
import org.apache.spark.sql.Dataset;

import java.util.List;

/**
 * An archive query that passed the guard, not yet run.
 *
 * @param columns its output columns, with Spark's types
 * @param json    its rows, each one JSON object with every column, nulls included
 */
public record ArchiveRows(List<CheckedSql.Column> columns, Dataset<String> json) {
}
