package io.streamgate.queries.relations;

import io.streamgate.pipeline.definition.InvalidQueryException;
import io.streamgate.pipeline.definition.RecordSchema;
import io.streamgate.pipeline.definition.Relation;
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
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;

/** Topics registered as streams and tables, which users' SQL reads by name beside {@code events}. */
@RestController
@Tag(name = "streams and tables", description = "Register topics as named streams and tables for queries to read and join")
class RelationController {

    private static final String NAME = "Lower-case letters, digits and underscores, starting with a letter; not events";
    private static final String STREAM = """
            {"name": "payments", "kind": "stream", "topic": "payments", "schema": "order_id BIGINT NOT NULL, amount DOUBLE",
             "watermark": "1 minute", "partitions": null, "key": null,
             "columns": [{"name": "key", "type": "STRING"}, {"name": "value", "type": "STRING"}, {"name": "topic", "type": "STRING"},
                         {"name": "partition", "type": "INT"}, {"name": "offset", "type": "BIGINT"}, {"name": "timestamp", "type": "TIMESTAMP"},
                         {"name": "headers", "type": "MAP<STRING, STRING>"}, {"name": "valid", "type": "BOOLEAN"},
                         {"name": "validation_error", "type": "STRING"}, {"name": "order_id", "type": "BIGINT"}, {"name": "amount", "type": "DOUBLE"}],
             "revision": 1}""";
    private static final String TABLE = """
            {"name": "customers", "kind": "table", "topic": "customers", "schema": "id BIGINT NOT NULL, name STRING, country STRING",
             "watermark": null, "partitions": null, "key": "id",
             "columns": [{"name": "key", "type": "STRING"}, {"name": "value", "type": "STRING"}, {"name": "topic", "type": "STRING"},
                         {"name": "partition", "type": "INT"}, {"name": "offset", "type": "BIGINT"}, {"name": "timestamp", "type": "TIMESTAMP"},
                         {"name": "headers", "type": "MAP<STRING, STRING>"}, {"name": "id", "type": "BIGINT"}, {"name": "name", "type": "STRING"},
                         {"name": "country", "type": "STRING"}],
             "revision": 1}""";
    private static final String IN_USE = """
            {"type": "about:blank", "title": "Conflict", "status": 409,
             "detail": "The table 'customers' is read by queries; delete or replace them first: enriched-orders",
             "instance": "/tables/customers", "queries": ["enriched-orders"]}""";
    private static final String NOT_FOUND = """
            {"type": "about:blank", "title": "Not Found", "status": 404, "detail": "No table named 'customers'",
             "instance": "/tables/customers"}""";

    private final RelationRegistry relations;

    RelationController(RelationRegistry relations) {
        this.relations = relations;
    }

    @Operation(operationId = "putStream", summary = "Register or replace a stream",
            description = "A topic that queries read by this name, record by record, with the columns of events. "
                    + "The topic is created if missing.")
    @ApiResponse(responseCode = "201", description = "Registered",
            content = @Content(schema = @Schema(implementation = RelationInfo.class), examples = @ExampleObject(value = STREAM)))
    @ApiResponse(responseCode = "200", description = "Replaced",
            content = @Content(schema = @Schema(implementation = RelationInfo.class), examples = @ExampleObject(value = STREAM)))
    @ApiResponse(responseCode = "400", description = "A bad name, topic, schema or watermark, or a table of that name")
    @ApiResponse(responseCode = "409", description = "A running query reads the stream this replaces",
            content = @Content(examples = @ExampleObject(value = IN_USE)))
    @ApiResponse(responseCode = "503", description = "Kafka is not available to create the topic")
    @PutMapping(path = "/streams/{name}", consumes = MediaType.APPLICATION_JSON_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<RelationInfo> putStream(@Parameter(description = NAME, example = "payments") @PathVariable String name,
                                           @RequestBody StreamRequest request) {
        if (request == null) {
            throw new InvalidQueryException("A body with topic and schema is required");
        }
        Relation.Stream stream = new Relation.Stream(request.topic(), schema(request.schema()), request.watermark(),
                request.partitions());
        return put(name, stream);
    }

    @Operation(operationId = "putTable", summary = "Register or replace a table",
            description = "A topic read as a table: per Kafka key, the latest valid value whose key field equals the "
                    + "key; a tombstone (a null value) removes the key. The topic is created compacted if missing.")
    @ApiResponse(responseCode = "201", description = "Registered",
            content = @Content(schema = @Schema(implementation = RelationInfo.class), examples = @ExampleObject(value = TABLE)))
    @ApiResponse(responseCode = "200", description = "Replaced",
            content = @Content(schema = @Schema(implementation = RelationInfo.class), examples = @ExampleObject(value = TABLE)))
    @ApiResponse(responseCode = "400", description = "A bad name, topic, schema or key, or a stream of that name")
    @ApiResponse(responseCode = "409", description = "A running query reads the table this replaces",
            content = @Content(examples = @ExampleObject(value = IN_USE)))
    @ApiResponse(responseCode = "503", description = "Kafka is not available to create the topic")
    @PutMapping(path = "/tables/{name}", consumes = MediaType.APPLICATION_JSON_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<RelationInfo> putTable(@Parameter(description = NAME, example = "customers") @PathVariable String name,
                                          @RequestBody TableRequest request) {
        if (request == null) {
            throw new InvalidQueryException("A body with topic, schema and key is required");
        }
        return put(name, new Relation.Table(request.topic(), schema(request.schema()), request.key()));
    }

    @Operation(operationId = "listStreams", summary = "Every registered stream, with its columns")
    @ApiResponse(responseCode = "200", description = "The streams",
            content = @Content(array = @ArraySchema(schema = @Schema(implementation = RelationInfo.class))))
    @GetMapping(path = "/streams", produces = MediaType.APPLICATION_JSON_VALUE)
    List<RelationInfo> streams() {
        return list("stream");
    }

    @Operation(operationId = "listTables", summary = "Every registered table, with its columns")
    @ApiResponse(responseCode = "200", description = "The tables",
            content = @Content(array = @ArraySchema(schema = @Schema(implementation = RelationInfo.class))))
    @GetMapping(path = "/tables", produces = MediaType.APPLICATION_JSON_VALUE)
    List<RelationInfo> tables() {
        return list("table");
    }

    @Operation(operationId = "getStream", summary = "A stream's definition and columns")
    @ApiResponse(responseCode = "200", description = "The stream",
            content = @Content(schema = @Schema(implementation = RelationInfo.class), examples = @ExampleObject(value = STREAM)))
    @ApiResponse(responseCode = "404", description = "No stream of that name")
    @GetMapping(path = "/streams/{name}", produces = MediaType.APPLICATION_JSON_VALUE)
    RelationInfo stream(@Parameter(description = NAME, example = "payments") @PathVariable String name) {
        return RelationInfo.of(name, relations.find("stream", name));
    }

    @Operation(operationId = "getTable", summary = "A table's definition and columns")
    @ApiResponse(responseCode = "200", description = "The table",
            content = @Content(schema = @Schema(implementation = RelationInfo.class), examples = @ExampleObject(value = TABLE)))
    @ApiResponse(responseCode = "404", description = "No table of that name", content = @Content(examples = @ExampleObject(value = NOT_FOUND)))
    @GetMapping(path = "/tables/{name}", produces = MediaType.APPLICATION_JSON_VALUE)
    RelationInfo table(@Parameter(description = NAME, example = "customers") @PathVariable String name) {
        return RelationInfo.of(name, relations.find("table", name));
    }

    @Operation(operationId = "deleteStream", summary = "Remove a stream's registration; its topic stays")
    @ApiResponse(responseCode = "204", description = "Deleted")
    @ApiResponse(responseCode = "404", description = "No stream of that name")
    @ApiResponse(responseCode = "409", description = "Queries read it", content = @Content(examples = @ExampleObject(value = IN_USE)))
    @DeleteMapping("/streams/{name}")
    ResponseEntity<Void> deleteStream(@Parameter(description = NAME, example = "payments") @PathVariable String name) {
        relations.delete("stream", name);
        return ResponseEntity.noContent().build();
    }

    @Operation(operationId = "deleteTable", summary = "Remove a table's registration; its topic stays")
    @ApiResponse(responseCode = "204", description = "Deleted")
    @ApiResponse(responseCode = "404", description = "No table of that name", content = @Content(examples = @ExampleObject(value = NOT_FOUND)))
    @ApiResponse(responseCode = "409", description = "Queries read it", content = @Content(examples = @ExampleObject(value = IN_USE)))
    @DeleteMapping("/tables/{name}")
    ResponseEntity<Void> deleteTable(@Parameter(description = NAME, example = "customers") @PathVariable String name) {
        relations.delete("table", name);
        return ResponseEntity.noContent().build();
    }

    private ResponseEntity<RelationInfo> put(String name, Relation relation) {
        boolean created = relations.put(name, relation);
        return ResponseEntity.status(created ? HttpStatus.CREATED : HttpStatus.OK)
                .body(RelationInfo.of(name, relations.find(relation.kind(), name)));
    }

    private List<RelationInfo> list(String kind) {
        return relations.of(kind).entrySet().stream().map(entry -> RelationInfo.of(entry.getKey(), entry.getValue())).toList();
    }

    private static RecordSchema schema(String ddl) {
        if (ddl == null || ddl.isBlank()) {
            throw new InvalidQueryException("schema is required: a Spark DDL string, e.g. 'id BIGINT NOT NULL, name STRING'");
        }
        return RecordSchema.parse(ddl);
    }
}
