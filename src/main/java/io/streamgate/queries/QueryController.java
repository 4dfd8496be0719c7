package io.streamgate.queries;

import io.streamgate.pipeline.definition.InvalidQueryException;
import io.streamgate.pipeline.results.ProcessedRecord;
import io.streamgate.pipeline.results.ResultTables;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;

@RestController
@RequestMapping(path = "/queries", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "queries", description = "Start, stop and watch the default query, streamgate")
class QueryController {

    private static final String RUNNING = """
            {"state": "RUNNING", "id": "5f0c3c1e-7a51-4bd6-9a56-0d6f7f1f4c11", "runId": "0b0a6e7e-0d2f-4d6a-8f61-2a2d3d8a9e10",
             "name": "streamgate", "startedAt": "2026-11-29T20:15:30Z", "stoppedAt": null,
             "startingOffsets": "earliest", "mode": "micro-batch", "trigger": "500 ms", "schema": "id BIGINT NOT NULL, name STRING NOT NULL, amount DOUBLE",
             "status": {"message": "Waiting for data to arrive", "isDataAvailable": false, "isTriggerActive": false},
             "lastProgress": {"batchId": 3, "numInputRows": 120, "inputRowsPerSecond": 240.0, "processedRowsPerSecond": 410.9,
                              "durationMs": {"addBatch": 180, "triggerExecution": 292},
                              "sources": [{"description": "KafkaV2[Subscribe[testTopic]]", "startOffset": {"testTopic": {"0": 100}},
                                           "endOffset": {"testTopic": {"0": 220}}, "latestOffset": {"testTopic": {"0": 220}}}]},
             "failure": null, "restarts": {"count": 0, "lastFailure": null, "nextRestartAt": null},
             "archive": {"state": "RUNNING", "path": "file:///app/data/archive/generation-1796163965466", "writer": "main-query",
                         "lastBatchId": 3, "note": null},
             "stateRows": {"rows": 0, "max": 1000000}, "stillRunning": null}""";
    private static final String STOPPED = """
            {"state": "STOPPED", "id": "5f0c3c1e-7a51-4bd6-9a56-0d6f7f1f4c11", "runId": "0b0a6e7e-0d2f-4d6a-8f61-2a2d3d8a9e10",
             "name": "streamgate", "startedAt": "2026-11-29T20:15:30Z", "stoppedAt": "2026-11-29T20:25:02Z",
             "startingOffsets": "earliest", "mode": "micro-batch", "trigger": "500 ms", "schema": "id BIGINT NOT NULL, name STRING NOT NULL, amount DOUBLE",
             "status": {"message": "Stopped", "isDataAvailable": false, "isTriggerActive": false},
             "lastProgress": {"batchId": 57, "numInputRows": 0, "durationMs": {"triggerExecution": 3}}, "failure": null,
             "restarts": {"count": 0, "lastFailure": null, "nextRestartAt": null},
             "archive": {"state": "STOPPED", "path": "file:///app/data/archive/generation-1796163965466", "writer": "main-query",
                         "lastBatchId": 57, "note": null},
             "stateRows": {"rows": 0, "max": 1000000}, "stillRunning": null}""";
    private static final String NOT_RUNNING = """
            {"type": "about:blank", "title": "Conflict", "status": 409, "detail": "No query is running",
             "instance": "/queries/stop", "state": "STOPPED"}""";
    private static final String CONFLICT = """
            {"type": "about:blank", "title": "Conflict", "status": 409, "detail": "The query is already running; stop it first",
             "instance": "/queries/start", "state": "RUNNING"}""";

    private final QueryRegistry queries;
    private final ResultTables results;

    QueryController(QueryRegistry queries, ResultTables results) {
        this.queries = queries;
        this.results = results;
    }

    @Operation(operationId = "startQuery", summary = "Start the streaming query",
            description = "Without startingOffsets the query resumes from its checkpoint; with it, the "
                    + "checkpoint is dropped and the query begins at that offset.")
    @ApiResponse(responseCode = "200", description = "Started",
            content = @Content(schema = @Schema(implementation = QueryStatus.class), examples = @ExampleObject(value = RUNNING)))
    @ApiResponse(responseCode = "400", description = "A bad option (offsets, trigger, schema DDL, mode), or real-time mode where it cannot run")
    @ApiResponse(responseCode = "409", description = "A query is already running, tasks of its last run still run "
            + "after its stop (stillRunning), Spark refuses the checkpoint, or local storage on a Spark cluster",
            content = @Content(examples = @ExampleObject(value = CONFLICT)))
    @ApiResponse(responseCode = "429", description = "streamgate.queries.max-running queries run already, or other real-time queries hold the cores")
    @ApiResponse(responseCode = "503", description = "Spark is not available (its master down, unreachable, or without executors)")
    @PostMapping("/start")
    QueryStatus start(@RequestBody(required = false) StartQueryRequest request) {
        return queries.start(queries.defaultName(), request);
    }

    @Operation(operationId = "stopQuery", summary = "Stop the streaming query",
            description = "Stops between micro-batches and answers with the final status, once the run's tasks have "
                    + "ended, or with stillRunning when some ignored the interrupt.")
    @ApiResponse(responseCode = "200", description = "Stopped; state STOPPED with the last progress",
            content = @Content(schema = @Schema(implementation = QueryStatus.class), examples = @ExampleObject(value = STOPPED)))
    @ApiResponse(responseCode = "409", description = "No query is running",
            content = @Content(examples = @ExampleObject(value = NOT_RUNNING)))
    @PostMapping("/stop")
    QueryStatus stop() {
        return queries.stop(queries.defaultName());
    }

    @Operation(operationId = "getQueryStatus", summary = "The query's state, Spark status and last progress")
    @ApiResponse(responseCode = "200", description = "Current status",
            content = @Content(schema = @Schema(implementation = QueryStatus.class), examples = @ExampleObject(value = RUNNING)))
    @GetMapping("/status")
    QueryStatus status() {
        return queries.status(queries.defaultName());
    }

    @Operation(operationId = "getQueryResults", summary = "The latest processed rows, newest first",
            description = "Held in memory, bounded by streamgate.pipeline.results.capacity.")
    @ApiResponse(responseCode = "200", description = "Rows, newest first",
            content = @Content(array = @ArraySchema(schema = @Schema(implementation = ProcessedRecord.class)),
                    examples = @ExampleObject(value = """
            [{"key": "order-42", "value": "{\\"id\\":42,\\"name\\":\\"widget\\",\\"amount\\":9.5}", "topic": "testTopic",
              "partition": 0, "offset": 42, "timestamp": "2026-11-29T20:15:30.123Z", "fields": {"id": 42, "name": "widget", "amount": 9.5},
              "valid": true, "validationError": null, "batchId": 3, "processedAt": "2026-11-29T20:15:30.401Z"},
             {"key": null, "value": "hello kafka", "topic": "testTopic", "partition": 0, "offset": 41,
              "timestamp": "2026-11-29T20:15:29.990Z", "fields": {}, "valid": false,
              "validationError": "value is not valid JSON", "batchId": 3, "processedAt": "2026-11-29T20:15:30.401Z"}]""")))
    @ApiResponse(responseCode = "400", description = "limit out of range, or a malformed query string")
    @GetMapping("/results")
    List<?> results(
            @Parameter(description = "How many rows, 1 to the results capacity", example = "20")
            @RequestParam(defaultValue = "20") int limit,
            @Parameter(description = "Only rows with this record key (e.g. to see how one record was processed)",
                    example = "order-42")
            @RequestParam(required = false) String key) {
        if (limit < 1 || limit > results.capacity()) {
            throw new InvalidQueryException("limit must be between 1 and " + results.capacity() + ", not " + limit);
        }
        return results.find(queries.defaultName())
                .map(table -> key == null ? table.latest(limit) : table.latest(limit, key))
                .orElse(List.of());
    }
}
