package io.streamgate.pipeline.results;

import com.fasterxml.jackson.annotation.JsonRawValue;
import io.streamgate.pipeline.definition.Columns;
import io.swagger.v3.oas.annotations.media.Schema;

import org.apache.spark.sql.Row;

import java.sql.Timestamp;
import java.time.Instant;

/** One record the built-in select processed, as {@code GET /queries/results} shows it. */
public record ProcessedRecord(
        @Schema(nullable = true, description = "The record's key; null for none") String key,
        @Schema(nullable = true, description = "The record's value as text; null for none") String value,
        String topic,
        int partition,
        long offset,
        @Schema(description = "Kafka record timestamp") Instant timestamp,
        @Schema(description = "The value's fields parsed against the schema (JSON object); "
                + "a field that is absent or of the wrong type is left out", implementation = Object.class)
        @JsonRawValue String fields,
        @Schema(description = "Whether the value matched the schema") boolean valid,
        @Schema(description = "Why the value did not match the schema; null when valid", nullable = true)
        String validationError,
        long batchId,
        @Schema(description = "When the row was delivered: its micro-batch's time on the driver; in real-time "
                + "mode, when the writer handed it over")
        Instant processedAt) implements ResultRow {

    /** @param row a row of the built-in select as {@code sink.RowFormat.Records} shapes it */
    public static ProcessedRecord of(Row row, long batchId, Instant processedAt) {
        return new ProcessedRecord(
                row.getAs(Columns.KEY),
                row.getAs(Columns.VALUE),
                row.getAs(Columns.TOPIC),
                row.<Integer>getAs(Columns.PARTITION),
                row.<Long>getAs(Columns.OFFSET),
                row.<Timestamp>getAs(Columns.TIMESTAMP).toInstant(),
                FieldsJson.of(row.getAs(Columns.FIELDS)),
                row.<Boolean>getAs(Columns.VALID),
                row.getAs(Columns.VALIDATION_ERROR),
                batchId,
                processedAt);
    }

    @Override
    public Origin origin() {
        return new Origin(topic, partition, offset);
    }

    @Override
    public String recordKey() {
        return key;
    }
}
