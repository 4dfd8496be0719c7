package io.streamgate.queries;

import io.streamgate.pipeline.CheckedSql;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;

import java.util.List;

/** A query as {@code /queries/{name}} shows it: its definition, the columns it writes, and its status. */
@Schema(name = "QueryInfo")
public record QueryInfo(
        String name,
        @Schema(nullable = true, description = "Null for the default query before its first start")
        Definition definition,
        @ArraySchema(arraySchema = @Schema(nullable = true,
                description = "The analyzed output columns; null for the default query, whose rows are ProcessedRecord"))
        List<CheckedSql.Column> columns,
        QueryStatus status) {

    /** The definition with every default filled in; {@code sql} is null for the default query. */
    @Schema(name = "QueryDefinition")
    public record Definition(
            @Schema(nullable = true) String sql,
            String topic,
            String schema,
            @Schema(nullable = true) String watermark,
            String trigger,
            @Schema(allowableValues = {"micro-batch", "real-time"}) String mode,
            @Schema(nullable = true, allowableValues = {"append", "update", "complete"}) String outputMode,
            @Schema(allowableValues = {"earliest", "latest"}) String startingOffsets,
            @Schema(nullable = true) String outputTopic) {
    }
}
