package io.streamgate.queries;

import io.swagger.v3.oas.annotations.media.Schema;

import java.util.List;
import java.util.Map;

/**
 * How the OpenAPI document describes what the status passes on from Spark as Spark writes it
 * ({@code StreamingQueryStatus.json()}, {@code StreamingQueryProgress.json()}): named schemas, so that a
 * generated client reads them as objects. Spark may add fields; clients should ignore unknown ones.
 */
final class SparkProgressSchemas {

    private SparkProgressSchemas() {
    }

    @Schema(name = "SparkQueryStatus", description = "Spark's StreamingQueryStatus", additionalProperties = Schema.AdditionalPropertiesValue.TRUE)
    record Status(
            @Schema(example = "Waiting for data to arrive") String message,
            boolean isDataAvailable,
            boolean isTriggerActive) {
    }

    @Schema(name = "SparkQueryProgress", description = "Spark's StreamingQueryProgress of the last trigger",
            additionalProperties = Schema.AdditionalPropertiesValue.TRUE)
    record Progress(
            String id,
            String runId,
            String name,
            @Schema(description = "When the trigger began (ISO-8601)") String timestamp,
            long batchId,
            @Schema(description = "Milliseconds the batch took") Long batchDuration,
            long numInputRows,
            @Schema(nullable = true) Double inputRowsPerSecond,
            @Schema(nullable = true) Double processedRowsPerSecond,
            @Schema(description = "Milliseconds per phase: addBatch, queryPlanning, walCommit, triggerExecution …",
                    example = "{\"addBatch\": 180, \"triggerExecution\": 292}")
            Map<String, Long> durationMs,
            List<Source> sources,
            @Schema(nullable = true) Sink sink,
            @Schema(nullable = true, description = "What the query counted while writing the batch, by name")
            Map<String, Object> observedMetrics) {
    }

    @Schema(name = "SparkSourceProgress", additionalProperties = Schema.AdditionalPropertiesValue.TRUE)
    record Source(
            @Schema(example = "KafkaV2[Subscribe[testTopic]]") String description,
            @Schema(description = "Offsets by topic and partition", example = "{\"testTopic\": {\"0\": 100}}") Object startOffset,
            @Schema(example = "{\"testTopic\": {\"0\": 220}}") Object endOffset,
            @Schema(nullable = true) Object latestOffset,
            long numInputRows,
            @Schema(nullable = true) Double inputRowsPerSecond,
            @Schema(nullable = true) Double processedRowsPerSecond) {
    }

    @Schema(name = "SparkSinkProgress", additionalProperties = Schema.AdditionalPropertiesValue.TRUE)
    record Sink(String description, Long numOutputRows) {
    }
}
