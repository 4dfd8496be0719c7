package io.streamgate.queries;

import io.streamgate.queries.flow.Flow;
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
        Archive archive,
        @Schema(nullable = true, description = "Rows the run keeps in Spark's state store, and its bound; null before a run")
        StateRows stateRows,
        @Schema(nullable = true, description = "How the run keeps up, as of its last progress: its lag behind the "
                + "topics it reads, whether it keeps falling behind, its watermark, late rows and state; null before a run")
        Flow flow,
        @Schema(nullable = true, description = "Tasks of the last run that did not end when it was stopped; null when none")
        StillRunning stillRunning) {

    /** @param stillRunning tasks of a run of a query of that name, deleted since, that did not end; or null */
    static QueryStatus notStarted(String name, Restarts.Snapshot restarts, StillRunning stillRunning) {
        return new QueryStatus(QueryState.NOT_STARTED, null, null, name, null, null, null, null, null, null, null, null, null,
                restarts, null, null, null, stillRunning);
    }

    /** This status, FAILED for that reason. */
    QueryStatus failed(String reason) {
        return new QueryStatus(QueryState.FAILED, id, runId, name, startedAt, stoppedAt, startingOffsets, mode, trigger,
                schema, status, lastProgress, reason, restarts, archive, stateRows, flow, stillRunning);
    }

    /**
     * @param path        the generation folder this run writes, as Spark reads a path ({@code spark.read().json(path)})
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

    /**
     * @param rows the rows of state at the last batch, over every stateful operator (its groups, windows,
     *             deduplication keys): {@code lastProgress.stateOperators[].numRowsTotal} summed; 0 without any
     * @param max  {@code streamgate.pipeline.max-state-rows}: past it, the run is FAILED with that reason
     */
    @Schema(name = "QueryStateRows", description = "Rows the run keeps in Spark's state store at its last batch, and the "
            + "bound past which it is FAILED (streamgate.pipeline.max-state-rows)")
    public record StateRows(long rows, long max) {
    }

    /**
     * @param tasks the run's tasks running now
     * @param since when the stop gave up waiting for them
     */
    @Schema(name = "QueryStillRunning", description = "The query was stopped, but tasks of its last run still run: "
            + "Spark interrupted them and they did not end (a regular expression that backtracks, say). The query "
            + "gets no new run until they end")
    public record StillRunning(int tasks, Instant since, String runId) {
    }
}
