package io.streamgate.pipeline.sql;

import io.streamgate.pipeline.definition.OutputMode;
import io.swagger.v3.oas.annotations.media.Schema;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

import java.util.List;
import java.util.Optional;

/**
 * A user's SQL that passed every check of {@link SqlGuard}: the stream it computes and what is known of it.
 *
 * @param rows           the analyzed stream, the only thing ever started
 * @param columns        its output columns, with Spark's types
 * @param outputMode     how Spark writes it: as asked, or update for aggregations and append otherwise
 * @param groupKeys      the output columns naming a row's group, when it aggregates; empty otherwise
 * @param stateSignature what Spark keeps in its state store; a change to it cannot resume from a checkpoint
 * @param reads          the relations it reads by name: {@code events}, streams, tables
 */
public record CheckedSql(Dataset<Row> rows, List<Column> columns, OutputMode outputMode,
                         Optional<List<String>> groupKeys, List<String> stateSignature, List<String> reads) {

    /** An output column: its name and Spark's SQL type, e.g. {@code STRUCT<start: TIMESTAMP, end: TIMESTAMP>}. */
    @Schema(name = "OutputColumn")
    public record Column(String name, @Schema(example = "BIGINT") String type) {
    }
}
