package io.streamgate.archive;

import io.streamgate.pipeline.sql.CheckedSql;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;
import tools.jackson.databind.JsonNode;

import java.util.List;

/**
 * @param columns   the query's columns, with Spark's types
 * @param rows      each a JSON object with every column, nulls included
 * @param truncated whether more rows matched than the limit let through
 */
public record ArchiveAnswer(List<CheckedSql.Column> columns,
                            @ArraySchema(schema = @Schema(implementation = Object.class, description = "A row: its columns by name",
                                    example = "{\"timestamp\": \"2026-12-04T09:30:00.000Z\", \"key\": \"order-42\", \"amount\": 12.5}"))
                            List<JsonNode> rows,
                            boolean truncated) {
}
