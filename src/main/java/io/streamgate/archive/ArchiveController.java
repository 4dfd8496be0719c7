package io.streamgate.archive;

import io.streamgate.pipeline.definition.InvalidQueryException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** SQL over the archive: every record the service archived, in every generation, as one Spark batch job. */
@RestController
@Tag(name = "archive", description = "Query the archive, every record kept exactly once, with SQL")
class ArchiveController {

    static final String NDJSON = "application/x-ndjson";
    /** How often a waiting query looks whether its client is still there. */
    private static final Duration CLIENT_CHECK = Duration.ofMillis(250);

    private static final String ANSWER = """
            {"columns": [{"name": "timestamp", "type": "TIMESTAMP"}, {"name": "key", "type": "STRING"},
                         {"name": "amount", "type": "DOUBLE"}],
             "rows": [{"timestamp": "2026-12-04T09:30:00.000Z", "key": "order-42", "amount": 12.5},
                      {"timestamp": "2026-12-04T09:31:12.250Z", "key": "order-42", "amount": 7.0}],
             "truncated": false}""";
    private static final String STREAMED = """
            {"timestamp":"2026-12-04T09:30:00.000Z","key":"order-42","amount":12.5}
            {"timestamp":"2026-12-04T09:31:12.250Z","key":"order-42","amount":7.0}
            """;
    private static final String REFUSED = """
            {"type": "about:blank", "title": "Bad Request", "status": 400, "errorClass": "REFUSED_SQL.OTHER_RELATION",
             "detail": "The query must read events and the registered streams and tables only; it reads ...",
             "instance": "/archive/query"}""";
    private static final String TIMED_OUT = """
            {"type": "about:blank", "title": "Gateway Timeout", "status": 504,
             "detail": "The archive query ran longer than streamgate.archive.query-timeout (60 s) and was cancelled; narrow it, e.g. with a WHERE on date or timestamp",
             "instance": "/archive/query"}""";

    private final ArchiveQueries archive;

    ArchiveController(ArchiveQueries archive) {
        this.archive = archive;
    }

    @Operation(operationId = "queryArchive", summary = "Run SQL over the archive",
            description = "One SELECT over `archive`: every generation, read through its file sink log only, with the "
                    + "columns key, value, topic, partition, offset, timestamp, headers, valid, validation_error, fields "
                    + "(a struct of the schema's fields), processed_at, batch_id, generation and date (the record's day, "
                    + "UTC; new files are in a folder per day, so a WHERE on date or timestamp reads only those). The same "
                    + "guard as users' queries: built-in functions only, the same refusals. With Accept: "
                    + "application/x-ndjson the rows stream one JSON object a line.")
    @ApiResponse(responseCode = "200", description = "The rows, at most limit of them",
            content = {@Content(mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(implementation = ArchiveAnswer.class),
                    examples = @ExampleObject(value = ANSWER)),
                    @Content(mediaType = NDJSON, schema = @Schema(type = "string"), examples = @ExampleObject(value = STREAMED))})
    @ApiResponse(responseCode = "400", description = "The SQL is refused, or Spark cannot analyze or run it, or the limit is too large",
            content = @Content(examples = @ExampleObject(value = REFUSED)))
    @ApiResponse(responseCode = "429", description = "streamgate.archive.max-concurrent queries are running")
    @ApiResponse(responseCode = "503", description = "There is no SparkSession to run it")
    @ApiResponse(responseCode = "504", description = "It ran past streamgate.archive.query-timeout and was cancelled",
            content = @Content(examples = @ExampleObject(value = TIMED_OUT)))
    @PostMapping(path = "/archive/query", consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = {MediaType.APPLICATION_JSON_VALUE, NDJSON})
    ArchiveAnswer query(@RequestBody ArchiveQueryRequest request, HttpServletRequest http, HttpServletResponse response)
            throws IOException, InterruptedException {
        if (request == null || request.sql() == null || request.sql().isBlank()) {
            throw new InvalidQueryException("A body with sql is required, e.g. {\"sql\": \"SELECT * FROM archive LIMIT 10\"}");
        }
        if (request.limit() != null && request.limit() < 1) {
            throw new InvalidQueryException("limit must be at least 1");
        }
        if (wantsNdjson(http)) {
            ArchiveQueries.Streamed rows = archive.stream(request);
            response.setContentType(NDJSON);
            rows.writeTo(response.getOutputStream());
            return null; // answered
        }
        ArchiveQueries.Running running = archive.answer(request);
        ClientConnection client = ClientConnection.of(http);
        while (true) {
            try {
                return running.answer().get(CLIENT_CHECK.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException stillRunning) {
                if (client.gone()) {
                    running.clientGone();
                    return null; // nobody to answer
                }
            } catch (ExecutionException e) {
                throw e.getCause() instanceof RuntimeException failure ? failure : new IllegalStateException(e.getCause());
            }
        }
    }

    private static boolean wantsNdjson(HttpServletRequest http) {
        String accept = http.getHeader(HttpHeaders.ACCEPT);
        return accept != null && accept.contains(NDJSON);
    }
}
