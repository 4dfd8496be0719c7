package io.streamgate.pipeline;

import com.fasterxml.jackson.annotation.JsonRawValue;
import io.swagger.v3.oas.annotations.media.Schema;

import org.apache.spark.sql.Row;

import java.sql.Timestamp;
import java.time.Instant;

/** One row the streaming query processed, as {@code GET /queries/results} shows it. */
public record ProcessedRecord(
        String key,
        String value,
        String topic,
        int partition,
        long offset,
        @Schema(description = "Kafka record timestamp") Instant timestamp,
        @Schema(description = "The value's fields parsed against the schema (JSON object); "
                + "a field that is absent or of the wrong type is left out", type = "object")
        @JsonRawValue String fields,
        @Schema(description = "Whether the value matched the schema") boolean valid,
        @Schema(description = "Why the value did not match the schema; null when valid", nullable = true)
        String validationError,
        long batchId,
        Instant processedAt) {

    /** @param row a row of {@code StreamingPipeline.transform}'s output */
    static ProcessedRecord of(Row row, long batchId, Instant processedAt) {
        return new ProcessedRecord(
                row.getAs("key"),
                row.getAs("value"),
                row.getAs("topic"),
                row.<Integer>getAs("partition"),
                row.<Long>getAs("offset"),
                row.<Timestamp>getAs("timestamp").toInstant(),
                row.getAs("fields"),
                row.<Boolean>getAs("valid"),
                row.getAs("validation_error"),
                batchId,
                processedAt);
    }
}
