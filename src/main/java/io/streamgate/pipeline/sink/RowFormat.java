package io.streamgate.pipeline.sink;

import io.streamgate.pipeline.results.JsonRow;
import io.streamgate.pipeline.results.ProcessedRecord;
import io.streamgate.pipeline.results.ResultRow;
import io.streamgate.pipeline.results.ResultTable;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;
import tools.jackson.databind.json.JsonMapper;

import java.io.Serializable;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static io.streamgate.pipeline.definition.Columns.OFFSET;
import static io.streamgate.pipeline.definition.Columns.TIMESTAMP;
import static org.apache.spark.sql.functions.lit;

/**
 * How a select's rows leave Spark: the columns they are written with, which of a batch's rows are
 * shown, and what each becomes in the results. Carried by the real-time writer into Spark's tasks.
 */
public sealed interface RowFormat extends Serializable {

    /** The select's rows as the sinks take them (applied once, before the query starts). */
    Dataset<Row> shape(Dataset<Row> selected);

    /** Which of a batch's rows (of {@code schema}, as shaped) the results and the console show, at most {@code wanted}. */
    ShownRows shown(StructType schema, int wanted);

    ResultRow resultRow(Row row, long batchId, Instant processedAt);

    ResultTable.Shape tableShape();

    /** The built-in select's records, as they are; a batch's newest are shown. */
    record Records() implements RowFormat {

        /** As selected: the results write the fields of the rows they show as JSON ({@code ProcessedRecord}). */
        @Override
        public Dataset<Row> shape(Dataset<Row> selected) {
            return selected;
        }

        @Override
        public ShownRows shown(StructType schema, int wanted) {
            return new ShownRows.Newest(schema.fieldIndex(TIMESTAMP), schema.fieldIndex(OFFSET), wanted);
        }

        @Override
        public ResultRow resultRow(Row row, long batchId, Instant processedAt) {
            return ProcessedRecord.of(row, batchId, processedAt);
        }

        @Override
        public ResultTable.Shape tableShape() {
            return ResultTable.Shape.RECORDS;
        }
    }

    /**
     * A user query's rows as two columns: {@code key}, the group's key columns as JSON (null for rows that
     * are not groups), and {@code value}, the whole row as a JSON object with every column, nulls
     * included. The same two go to the results and, as the record's key and value, to the output topic.
     * A batch's first rows are shown.
     *
     * @param groupKeys the output columns naming a row's group; null when the rows are not groups
     */
    record Json(List<String> groupKeys) implements RowFormat {

        static final String KEY = "key";
        static final String VALUE = "value";

        public Json(Optional<List<String>> groupKeys) {
            this(groupKeys.map(List::copyOf).orElse(null));
        }

        @Override
        public Dataset<Row> shape(Dataset<Row> selected) {
            Column key = groupKeys != null ? JsonRow.of(groupKeys) : lit(null).cast("string");
            return selected.select(key.as(KEY), JsonRow.of(selected).as(VALUE));
        }

        @Override
        public ShownRows shown(StructType schema, int wanted) {
            return new ShownRows.First(wanted);
        }

        @Override
        public ResultRow resultRow(Row row, long batchId, Instant processedAt) {
            return new JsonRow(row.getString(0), JsonMapper.shared().readTree(row.getString(1)));
        }

        @Override
        public ResultTable.Shape tableShape() {
            return groupKeys != null ? ResultTable.Shape.GROUPS : ResultTable.Shape.ROWS;
        }
    }
}
