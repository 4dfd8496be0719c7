package io.streamgate.pipeline;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructField;

import java.util.ArrayList;
import java.util.List;

import static io.streamgate.pipeline.Columns.FIELDS;
import static io.streamgate.pipeline.Columns.KEY;
import static io.streamgate.pipeline.Columns.OFFSET;
import static io.streamgate.pipeline.Columns.PARTITION;
import static io.streamgate.pipeline.Columns.TIMESTAMP;
import static io.streamgate.pipeline.Columns.TOPIC;
import static io.streamgate.pipeline.Columns.VALID;
import static io.streamgate.pipeline.Columns.VALIDATION_ERROR;
import static io.streamgate.pipeline.Columns.VALUE;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.to_json;
import static org.apache.spark.sql.functions.when;

/**
 * Kafka record → strings → parsed and validated row with its Kafka coordinates: the one transform
 * both queries (main and archive) run. Only Spark's own functions, so its generated code is made once
 * and reused by every micro-batch: no value in it differs from one batch to the next.
 */
public final class RecordTransform {

    /** Name of the per-batch counts Spark reports in each progress event's {@code observedMetrics}. */
    public static final String OBSERVED_COUNTS = "streamgate_counts";
    public static final String OBSERVED_ROWS = "rows";
    public static final String OBSERVED_INVALID_ROWS = "invalid_rows";

    private static final String PARSED = "parsed";

    private RecordTransform() {
    }

    public static Dataset<Row> transform(Dataset<Row> kafkaRecords, RecordSchema schema) {
        Dataset<Row> records = kafkaRecords.select(
                col(KEY).cast("string").as(KEY),
                col(VALUE).cast("string").as(VALUE),
                col(TOPIC), col(PARTITION), col(OFFSET), col(TIMESTAMP));
        Dataset<Row> parsed = records.withColumn(PARSED, SchemaValidation.parse(col(VALUE), schema));
        return parsed
                .withColumn(VALIDATION_ERROR, SchemaValidation.errors(col(VALUE), col(PARSED), schema))
                .select(col(KEY), col(VALUE), col(TOPIC), col(PARTITION), col(OFFSET), col(TIMESTAMP),
                        to_json(col(PARSED)).as(FIELDS),
                        col(VALIDATION_ERROR).isNull().as(VALID),
                        col(VALIDATION_ERROR));
    }

    /**
     * The {@code events} view that user queries read: the record's Kafka columns, whether it is valid and
     * why not, and each of the schema's fields as a column of its own (null where the record lacks it).
     */
    public static Dataset<Row> events(Dataset<Row> kafkaRecords, RecordSchema schema) {
        Dataset<Row> records = kafkaRecords.select(
                col(KEY).cast("string").as(KEY),
                col(VALUE).cast("string").as(VALUE),
                col(TOPIC), col(PARTITION), col(OFFSET), col(TIMESTAMP));
        Dataset<Row> parsed = records.withColumn(PARSED, SchemaValidation.parse(col(VALUE), schema))
                .withColumn(VALIDATION_ERROR, SchemaValidation.errors(col(VALUE), col(PARSED), schema));
        List<Column> columns = new ArrayList<>(List.of(col(KEY), col(VALUE), col(TOPIC), col(PARTITION), col(OFFSET),
                col(TIMESTAMP), col(VALIDATION_ERROR).isNull().as(VALID), col(VALIDATION_ERROR)));
        for (StructField field : schema.fields()) {
            columns.add(col(PARSED).getField(field.name()).as(field.name()));
        }
        return parsed.select(columns.toArray(Column[]::new));
    }

    /** Rows and invalid rows counted by Spark while the batch is written, so the counts cost no extra job. */
    static Dataset<Row> counted(Dataset<Row> rows) {
        return rows.observe(OBSERVED_COUNTS,
                count(lit(1)).as(OBSERVED_ROWS),
                sum(when(col(VALID), 0).otherwise(1)).as(OBSERVED_INVALID_ROWS));
    }
}
