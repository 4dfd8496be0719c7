package io.streamgate.system;

import io.streamgate.messages.BatchItemResult;
import io.streamgate.queries.QueryState;
import io.swagger.v3.oas.annotations.media.Schema;

import java.util.List;

/**
 * How the OpenAPI document describes the problem details every error answers with (RFC 9457), with
 * the extension members some carry. {@code ApiExceptionHandler} writes them as Spring's
 * {@code ProblemDetail}; this record only names their shape for generated clients.
 */
@Schema(name = "Problem", type = "object", description = "RFC 9457 problem details",
        additionalProperties = Schema.AdditionalPropertiesValue.TRUE)
record ProblemSchema(
        @Schema(description = "A URI reference that names the problem type", example = "about:blank") String type,
        @Schema(description = "The HTTP status's reason phrase", example = "Conflict") String title,
        @Schema(description = "The HTTP status code", example = "409") int status,
        @Schema(description = "What went wrong, for a person to read", example = "The query is already running; stop it first")
        String detail,
        @Schema(description = "The request's path", example = "/queries/start") String instance,
        @Schema(nullable = true, description = "With a 409 from /queries: the query's state")
        QueryState state,
        @Schema(nullable = true, description = "With a 503 from /messages/batch: every record's outcome, in order")
        List<BatchItemResult> results,
        @Schema(nullable = true, description = "With a 400 for a query's SQL: Spark's error class (e.g. "
                + "UNRESOLVED_COLUMN.WITH_SUGGESTION), or REFUSED_SQL.<reason> when the service refused it",
                example = "REFUSED_SQL.REFLECTION")
        String errorClass) {
}
