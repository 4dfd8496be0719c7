package io.streamgate.pipeline.transform;

import io.streamgate.pipeline.definition.Interval;
import io.streamgate.pipeline.definition.RecordSchema;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataType$;
import org.apache.spark.sql.types.StructField;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import static io.streamgate.pipeline.definition.Columns.FIELDS;
import static io.streamgate.pipeline.definition.Columns.HEADERS;
import static io.streamgate.pipeline.definition.Columns.KEY;
import static io.streamgate.pipeline.definition.Columns.OFFSET;
import static io.streamgate.pipeline.definition.Columns.PARTITION;
import static io.streamgate.pipeline.definition.Columns.TIMESTAMP;
import static io.streamgate.pipeline.definition.Columns.TOPIC;
import static io.streamgate.pipeline.definition.Columns.VALID;
import static io.streamgate.pipeline.definition.Columns.VALIDATION_ERROR;
import static io.streamgate.pipeline.definition.Columns.VALUE;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

/**
 * Kafka record → strings → parsed and validated row with its Kafka coordinates: one parse, seen two
 * ways. {@link #builtIn} is the default query's select, the fields as one JSON object; {@link #events}
 * is the view users' SQL reads, each field a column of its own. Only Spark's own functions, so its
 * generated code is made once and reused by every micro-batch: no value in it differs from one batch
 * to the next.
 */
public final class RecordTransform {

    /** Name of the per-batch counts Spark reports in each progress event's {@code observedMetrics}. */
    public static final String OBSERVED_COUNTS = "streamgate_counts";
    public static final String OBSERVED_ROWS = "rows";
    public static final String OBSERVED_INVALID_ROWS = "invalid_rows";

    private static final String PARSED = "parsed";

    private RecordTransform() {
    }

    /**
     * The built-in select: the record's columns and headers, its fields as a struct, whether it is valid
     * and why not.
     */
    public static Dataset<Row> builtIn(Dataset<Row> kafkaRecords, RecordSchema schema) {
        return parsed(kafkaRecords, schema).select(col(KEY), col(VALUE), col(TOPIC), col(PARTITION), col(OFFSET),
                col(TIMESTAMP), col(HEADERS), stored(schema).as(FIELDS), col(VALIDATION_ERROR).isNull().as(VALID),
                col(VALIDATION_ERROR));
    }

    /** The parsed fields, cast only where they hold a type no query can write out ({@link RecordSchema#stored}). */
    private static Column stored(RecordSchema schema) {
        return DataType$.MODULE$.equalsIgnoreNullability(schema.struct(), schema.stored()) ? col(PARSED)
                : col(PARSED).cast(schema.stored());
    }

    /**
     * The {@code events} view that user queries read: the record's Kafka columns, whether it is valid and
     * why not, and each of the schema's fields as a column of its own (null where the record lacks it).
     */
    public static Dataset<Row> events(Dataset<Row> kafkaRecords, RecordSchema schema) {
        List<Column> columns = new ArrayList<>(List.of(col(KEY), col(VALUE), col(TOPIC), col(PARTITION), col(OFFSET),
                col(TIMESTAMP), col(HEADERS), col(VALIDATION_ERROR).isNull().as(VALID), col(VALIDATION_ERROR)));
        for (StructField field : schema.fields()) {
            columns.add(col(PARSED).getField(field.name()).as(field.name()));
        }
        return parsed(kafkaRecords, schema).select(columns.toArray(Column[]::new));
    }

    /** A stream a user's SQL reads, {@code events} or a registered one, with an event-time watermark when given one. */
    public static Dataset<Row> events(Dataset<Row> kafkaRecords, RecordSchema schema, Optional<String> watermark) {
        Dataset<Row> events = events(kafkaRecords, schema);
        return watermark.map(delay -> events.withWatermark(TIMESTAMP, Interval.millis("watermark", delay) + " milliseconds"))
                .orElse(events);
    }

    /** Rows and invalid rows counted by Spark while the batch is written, so the counts cost no extra job. */
    public static Dataset<Row> counted(Dataset<Row> rows) {
        return rows.observe(OBSERVED_COUNTS,
                count(lit(1)).as(OBSERVED_ROWS),
                sum(when(col(VALID), 0).otherwise(1)).as(OBSERVED_INVALID_ROWS));
    }

    /**
     * Key and value as text, headers (when the source reads them) as a map of text, the value parsed
     * against the schema, and why it does not match.
     */
    static Dataset<Row> parsed(Dataset<Row> kafkaRecords, RecordSchema schema) {
        Column headers = Arrays.asList(kafkaRecords.columns()).contains(HEADERS)
                ? coalesce(expr("map_from_entries(transform(" + HEADERS + ", h -> struct(h.key, cast(h.value AS STRING))))"),
                        expr("cast(map() AS MAP<STRING, STRING>)"))
                : lit(null).cast("map<string,string>");
        return kafkaRecords.select(
                        col(KEY).cast("string").as(KEY),
                        col(VALUE).cast("string").as(VALUE),
                        col(TOPIC), col(PARTITION), col(OFFSET), col(TIMESTAMP), headers.as(HEADERS))
                .withColumn(PARSED, SchemaValidation.parse(col(VALUE), schema))
                .withColumn(VALIDATION_ERROR, SchemaValidation.errors(col(VALUE), col(PARSED), schema));
    }
}
