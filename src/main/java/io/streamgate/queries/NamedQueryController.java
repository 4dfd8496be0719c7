package io.streamgate.queries;

import io.streamgate.pipeline.definition.InvalidQueryException;
import io.streamgate.pipeline.results.ResultTables;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;

/** Every query by name: users' SQL queries, and the default one as {@code streamgate}. */
@RestController
@RequestMapping(path = "/queries", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "named queries", description = "Define, run and read queries of your own: Spark SQL over the events view")
class NamedQueryController {

    private static final String NAME = "Lower-case letters, digits and dashes, at most 63; start, stop, status and results are reserved";
    private static final String DEFINED = """
            {"name": "order-totals",
             "definition": {"sql": "SELECT window(timestamp, '1 minute') AS window, name, count(*) AS orders, sum(amount) AS total FROM events WHERE valid GROUP BY window(timestamp, '1 minute'), name",
                            "topic": "testTopic", "schema": "id BIGINT NOT NULL, name STRING NOT NULL, amount DOUBLE",
                            "watermark": "1 minute", "trigger": "1s", "mode": "micro-batch", "outputMode": "update",
                            "startingOffsets": "earliest", "outputTopic": "order-totals"},
             "columns": [{"name": "window", "type": "STRUCT<start: TIMESTAMP, end: TIMESTAMP>"}, {"name": "name", "type": "STRING"},
                         {"name": "orders", "type": "BIGINT"}, {"name": "total", "type": "DOUBLE"}],
             "status": {"state": "NOT_STARTED", "name": "order-totals", "restarts": {"count": 0, "lastFailure": null, "nextRestartAt": null}}}""";
    private static final String REFUSED = """
            {"type": "about:blank", "title": "Bad Request", "status": 400,
             "detail": "'reflect' calls Java methods by reflection, which is refused",
             "instance": "/queries/order-totals", "errorClass": "REFUSED_SQL.REFLECTION"}""";
    private static final String UNRESOLVED = """
            {"type": "about:blank", "title": "Bad Request", "status": 400,
             "detail": "[UNRESOLVED_COLUMN.WITH_SUGGESTION] A column, variable, or function parameter with name `nme` cannot be resolved. Did you mean one of the following? [`name`, `key`, ...]",
             "instance": "/queries/order-totals", "errorClass": "UNRESOLVED_COLUMN.WITH_SUGGESTION"}""";
    private static final String RUNNING = """
            {"type": "about:blank", "title": "Conflict", "status": 409,
             "detail": "The query 'order-totals' is running; stop it first", "instance": "/queries/order-totals", "state": "RUNNING"}""";
    private static final String NOT_FOUND = """
            {"type": "about:blank", "title": "Not Found", "status": 404, "detail": "No query named 'order-totals'",
             "instance": "/queries/order-totals"}""";
    private static final String TOO_MANY = """
            {"type": "about:blank", "title": "Too Many Requests", "status": 429,
             "detail": "8 queries are running, the most streamgate.queries.max-running allows; stop one first",
             "instance": "/queries/order-totals/start"}""";

    private static final int DEFAULT_LIMIT = 20;

    private final QueryRegistry queries;
    private final QueryDefinitions definitions;
    private final ResultTables results;

    NamedQueryController(QueryRegistry queries, QueryDefinitions definitions, ResultTables results) {
        this.queries = queries;
        this.definitions = definitions;
        this.results = results;
    }

    @Operation(operationId = "putQuery", summary = "Create or replace a query",
            description = "Checks the SQL (one SELECT over events, Spark's built-in functions only) and analyzes it "
                    + "before anything is stored. A running query cannot be replaced; a replacement whose state cannot "
                    + "carry over the checkpoint needs startingOffsets, which begins anew.")
    @ApiResponse(responseCode = "201", description = "Created",
            content = @Content(schema = @Schema(implementation = QueryInfo.class), examples = @ExampleObject(value = DEFINED)))
    @ApiResponse(responseCode = "200", description = "Replaced",
            content = @Content(schema = @Schema(implementation = QueryInfo.class), examples = @ExampleObject(value = DEFINED)))
    @ApiResponse(responseCode = "400", description = "A bad name or option, SQL that is refused (errorClass REFUSED_SQL.*) "
            + "or that Spark cannot analyze (errorClass Spark's, e.g. UNRESOLVED_COLUMN.WITH_SUGGESTION), a topic that does not exist",
            content = @Content(examples = {@ExampleObject(name = "refused", value = REFUSED),
                    @ExampleObject(name = "unresolved", value = UNRESOLVED)}))
    @ApiResponse(responseCode = "409", description = "The query is running, the name is the default query's, or the "
            + "change cannot resume from the checkpoint (give startingOffsets)", content = @Content(examples = @ExampleObject(value = RUNNING)))
    @ApiResponse(responseCode = "503", description = "Kafka or Spark is not available to check the query")
    @PutMapping(path = "/{name}", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<QueryInfo> put(@Parameter(description = NAME, example = "order-totals") @PathVariable String name,
                                  @RequestBody QueryRequest request) {
        boolean created = definitions.define(name, request);
        return ResponseEntity.status(created ? HttpStatus.CREATED : HttpStatus.OK).body(queries.info(name));
    }

    @Operation(operationId = "listQueries", summary = "Every query, the default one first, each with its status")
    @ApiResponse(responseCode = "200", description = "The queries",
            content = @Content(array = @ArraySchema(schema = @Schema(implementation = QueryInfo.class))))
    @GetMapping
    List<QueryInfo> list() {
        return queries.list();
    }

    @Operation(operationId = "getQuery", summary = "A query's definition, output columns and status")
    @ApiResponse(responseCode = "200", description = "The query",
            content = @Content(schema = @Schema(implementation = QueryInfo.class), examples = @ExampleObject(value = DEFINED)))
    @ApiResponse(responseCode = "404", description = "No query of that name", content = @Content(examples = @ExampleObject(value = NOT_FOUND)))
    @GetMapping("/{name}")
    QueryInfo get(@Parameter(description = NAME, example = "order-totals") @PathVariable String name) {
        return queries.info(name);
    }

    @Operation(operationId = "deleteQuery", summary = "Stop a query and remove its definition, checkpoint and results")
    @ApiResponse(responseCode = "204", description = "Deleted")
    @ApiResponse(responseCode = "404", description = "No query of that name", content = @Content(examples = @ExampleObject(value = NOT_FOUND)))
    @ApiResponse(responseCode = "409", description = "The default query, which cannot be deleted")
    @DeleteMapping("/{name}")
    ResponseEntity<Void> delete(@Parameter(description = NAME, example = "order-totals") @PathVariable String name) {
        queries.delete(name);
        return ResponseEntity.noContent().build();
    }

    @Operation(operationId = "startNamedQuery", summary = "Start a query",
            description = "From its checkpoint; with startingOffsets, the checkpoint and results are dropped and it begins "
                    + "there. For the default query, streamgate, the body takes the options of POST /queries/start.")
    @ApiResponse(responseCode = "200", description = "Started",
            content = @Content(schema = @Schema(implementation = QueryStatus.class)))
    @ApiResponse(responseCode = "400", description = "An option a user query cannot take at start, or a bad one")
    @ApiResponse(responseCode = "404", description = "No query of that name", content = @Content(examples = @ExampleObject(value = NOT_FOUND)))
    @ApiResponse(responseCode = "409", description = "Already running, tasks of its last run still run "
            + "after its stop (stillRunning), or Spark refuses the checkpoint")
    @ApiResponse(responseCode = "429", description = "streamgate.queries.max-running queries run already, or other "
            + "real-time queries hold the cores", content = @Content(examples = @ExampleObject(value = TOO_MANY)))
    @ApiResponse(responseCode = "503", description = "Kafka or Spark is not available")
    @PostMapping("/{name}/start")
    QueryStatus start(@Parameter(description = NAME, example = "order-totals") @PathVariable String name,
                      @RequestBody(required = false) StartQueryRequest request) {
        return queries.start(name, request);
    }

    @Operation(operationId = "stopNamedQuery", summary = "Stop a query between micro-batches",
            description = "Answers once the run's tasks have ended, or with stillRunning when some ignored the interrupt")
    @ApiResponse(responseCode = "200", description = "Stopped",
            content = @Content(schema = @Schema(implementation = QueryStatus.class)))
    @ApiResponse(responseCode = "404", description = "No query of that name", content = @Content(examples = @ExampleObject(value = NOT_FOUND)))
    @ApiResponse(responseCode = "409", description = "Not running")
    @PostMapping("/{name}/stop")
    QueryStatus stop(@Parameter(description = NAME, example = "order-totals") @PathVariable String name) {
        return queries.stop(name);
    }

    @Operation(operationId = "getNamedQueryResults", summary = "A query's results, newest first",
            description = "Each row a JSON object of the output columns (a window as {start, end}). An aggregation "
                    + "keeps one row per group, updated in place, most recently updated first. Bounded by "
                    + "streamgate.pipeline.results.capacity. The default query's rows are ProcessedRecord objects.")
    @ApiResponse(responseCode = "200", description = "Rows, newest first",
            content = @Content(array = @ArraySchema(schema = @Schema(type = "object", additionalProperties = Schema.AdditionalPropertiesValue.TRUE)),
                    examples = @ExampleObject(value = """
                            [{"window": {"start": "2026-12-02T10:01:00.000Z", "end": "2026-12-02T10:02:00.000Z"}, "name": "widget", "orders": 3, "total": 28.5},
                             {"window": {"start": "2026-12-02T10:01:00.000Z", "end": "2026-12-02T10:02:00.000Z"}, "name": "gadget", "orders": 1, "total": 4.0}]""")))
    @ApiResponse(responseCode = "400", description = "limit out of range")
    @ApiResponse(responseCode = "404", description = "No query of that name", content = @Content(examples = @ExampleObject(value = NOT_FOUND)))
    @GetMapping("/{name}/results")
    List<?> results(@Parameter(description = NAME, example = "order-totals") @PathVariable String name,
                    @Parameter(description = "How many rows, 1 to the results capacity; absent: 20, or the capacity if smaller",
                            example = "20")
                    @RequestParam(required = false) Integer limit) {
        queries.find(name); // 404 for a name that is no query
        int capacity = results.capacity();
        int rows = limit == null ? Math.min(DEFAULT_LIMIT, capacity) : limit;
        if (rows < 1 || rows > capacity) {
            throw new InvalidQueryException("limit must be between 1 and " + capacity + ", not " + rows);
        }
        return results.find(name).map(table -> table.latest(rows)).orElse(List.of());
    }
}
