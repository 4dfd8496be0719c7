package io.streamgate.queries;

import io.swagger.v3.oas.annotations.media.Schema;
import tools.jackson.databind.JsonNode;

import java.time.Instant;

/** What {@code /queries/*} answer: the query's lifecycle state with Spark's own status and progress. */
public record QueryStatus(
        QueryState state,
        @Schema(nullable = true, description = "Spark's query id; stays the same across restarts from one checkpoint")
        String id,
        @Schema(nullable = true, description = "Spark's run id; new at every start")
        String runId,
        String name,
        @Schema(nullable = true) Instant startedAt,
        @Schema(nullable = true) Instant stoppedAt,
        @Schema(nullable = true) String startingOffsets,
        @Schema(nullable = true, allowableValues = {"micro-batch", "real-time"}) String mode,
        @Schema(nullable = true) String trigger,
        @Schema(nullable = true) String schema,
        @Schema(nullable = true, type = "object",
                description = "Spark's StreamingQueryStatus: message, isDataAvailable, isTriggerActive",
                example = "{\"message\": \"Waiting for data to arrive\", \"isDataAvailable\": false, \"isTriggerActive\": false}")
        JsonNode status,
        @Schema(nullable = true, type = "object",
                description = "Spark's StreamingQueryProgress of the last micro-batch: batchId, numInputRows, "
                        + "inputRowsPerSecond, processedRowsPerSecond, durationMs, sources with offsets, sink",
                example = "{\"id\": \"…\", \"runId\": \"…\", \"batchId\": 3, \"numInputRows\": 120, "
                        + "\"inputRowsPerSecond\": 240.0, \"processedRowsPerSecond\": 410.9, "
                        + "\"durationMs\": {\"addBatch\": 180, \"triggerExecution\": 292}, "
                        + "\"sources\": [{\"description\": \"KafkaV2[Subscribe[testTopic]]\", "
                        + "\"startOffset\": {\"testTopic\": {\"0\": 100}}, \"endOffset\": {\"testTopic\": {\"0\": 220}}}]}")
        JsonNode lastProgress,
        @Schema(nullable = true, description = "Why the query failed, when FAILED")
        String failure,
        Restarts.Snapshot restarts,
        @Schema(nullable = true, description = "The archive (Spark's file sink) of this run; null when disabled")
        Archive archive) {

    static QueryStatus notStarted(String name, Restarts.Snapshot restarts) {
        return new QueryStatus(QueryState.NOT_STARTED, null, null, name, null, null, null, null, null, null, null, null, null,
                restarts, null);
    }

    /**
     * @param path        the generation folder this run writes, as a Hadoop URI
     * @param writer      {@code main-query} or {@code own-query}
     * @param lastBatchId the last batch the file sink committed, null before the first
     * @param note        why this run began a new generation, or writes it as it does; null when nothing to say
     */
    public record Archive(QueryState state, String path,
                          @Schema(allowableValues = {"main-query", "own-query"}) String writer,
                          @Schema(nullable = true) Long lastBatchId,
                          @Schema(nullable = true) String note) {
    }
}
