package io.streamgate.pipeline.transform;

import io.streamgate.pipeline.definition.Relation;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.MetadataBuilder;
import org.apache.spark.sql.types.StructField;

import java.util.ArrayList;
import java.util.List;

import static io.streamgate.pipeline.definition.Columns.HEADERS;
import static io.streamgate.pipeline.definition.Columns.KEY;
import static io.streamgate.pipeline.definition.Columns.OFFSET;
import static io.streamgate.pipeline.definition.Columns.PARTITION;
import static io.streamgate.pipeline.definition.Columns.TABLE_KEY_METADATA;
import static io.streamgate.pipeline.definition.Columns.TIMESTAMP;
import static io.streamgate.pipeline.definition.Columns.TOPIC;
import static io.streamgate.pipeline.definition.Columns.VALIDATION_ERROR;
import static io.streamgate.pipeline.definition.Columns.VALUE;
import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max_by;
import static org.apache.spark.sql.functions.raise_error;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.when;

/**
 * A table as users' SQL reads it: of a Kafka batch read of its whole topic, per record key the latest
 * record that is a tombstone or a valid value whose key field is that key, tombstones left out. A join
 * from a stream plans it anew at each micro-batch, so each batch sees the topic as it is then. Past
 * {@code maxRows} rows the read fails with the reason instead of cutting the table; it is broadcast to
 * the stream's tasks, as a table within that bound is small beside the stream.
 */
public final class TableView {

    private static final String PARSED = "parsed";
    private static final String LATEST = "latest";
    private static final String ROWS = "rows_in_table";

    private TableView() {
    }

    /** @param kafkaRecords a batch read of the table's topic, from its start to its end as of the read */
    public static Dataset<Row> of(String name, Relation.Table table, Dataset<Row> kafkaRecords, long maxRows) {
        Dataset<Row> parsed = RecordTransform.parsed(kafkaRecords, table.schema());
        Column keyField = col(PARSED).getField(table.key());
        Column counts = col(VALUE).isNull()
                .or(col(VALIDATION_ERROR).isNull().and(keyField.cast("string").equalTo(col(KEY))));
        Dataset<Row> latest = parsed.where(col(KEY).isNotNull().and(counts))
                .groupBy(col(KEY))
                .agg(max_by(struct(col(VALUE), col(TOPIC), col(PARTITION), col(OFFSET), col(TIMESTAMP), col(HEADERS),
                        col(PARSED)), col(OFFSET)).as(LATEST))
                .where(col(LATEST + "." + VALUE).isNotNull());
        List<Column> columns = new ArrayList<>(List.of(col(KEY), col(LATEST + "." + VALUE).as(VALUE),
                col(LATEST + "." + TOPIC).as(TOPIC), col(LATEST + "." + PARTITION).as(PARTITION),
                col(LATEST + "." + OFFSET).as(OFFSET), col(LATEST + "." + TIMESTAMP).as(TIMESTAMP),
                col(LATEST + "." + HEADERS).as(HEADERS)));
        Metadata keyMark = new MetadataBuilder().putString(TABLE_KEY_METADATA, name).build();
        for (StructField field : table.schema().fields()) {
            Column value = col(LATEST + "." + PARSED).getField(field.name());
            columns.add(field.name().equals(table.key()) ? value.as(field.name(), keyMark) : value.as(field.name()));
        }
        Column tooLarge = when(col(ROWS).gt(maxRows), raise_error(concat(lit("Table '" + name + "' has "),
                col(ROWS).cast("string"), lit(" rows, more than streamgate.tables.max-rows (" + maxRows + ") allows; "
                        + "nothing was cut: raise the bound, or compact or trim its topic '" + table.topic() + "'"))))
                .otherwise(lit(true));
        Dataset<Row> rows = latest.select(columns.toArray(Column[]::new))
                .withColumn(ROWS, count(lit(1)).over(Window.partitionBy()))
                .where(tooLarge)
                .drop(ROWS);
        return broadcast(rows);
    }
}
