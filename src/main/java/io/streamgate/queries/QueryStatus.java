package io.streamgate.queries;

import io.swagger.v3.oas.annotations.media.Schema;
import tools.jackson.databind.JsonNode;

import java.time.Instant;

/** What {@code /queries/*} answer: the query's lifecycle state with Spark's own status and progress. */
@Schema(name = "QueryStatus")
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
        @Schema(nullable = true, implementation = SparkProgressSchemas.Status.class)
        JsonNode status,
        @Schema(nullable = true, implementation = SparkProgressSchemas.Progress.class)
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

    /** This status, FAILED for that reason. */
    QueryStatus failed(String reason) {
        return new QueryStatus(QueryState.FAILED, id, runId, name, startedAt, stoppedAt, startingOffsets, mode, trigger,
                schema, status, lastProgress, reason, restarts, archive);
    }

    /**
     * @param path        the generation folder this run writes, as a Hadoop URI
     * @param writer      {@code main-query} or {@code own-query}
     * @param lastBatchId the last batch the file sink committed, null before the first
     * @param note        why this run began a new generation, or writes it as it does; null when nothing to say
     */
    @Schema(name = "QueryArchive", description = "The archive this run writes")
    public record Archive(QueryState state, String path,
                          @Schema(allowableValues = {"main-query", "own-query"}) String writer,
                          @Schema(nullable = true) Long lastBatchId,
                          @Schema(nullable = true) String note) {
    }
}
