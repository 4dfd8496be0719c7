package io.streamgate.queries;

import io.streamgate.pipeline.definition.QueryDefinition;
import io.streamgate.pipeline.definition.Select;
import io.streamgate.pipeline.plan.QueryPlan;
import io.streamgate.pipeline.sql.CheckedSql;
import io.streamgate.queries.store.SavedQuery;
import io.streamgate.queries.store.SqlAnalysis;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;

import java.util.List;
import java.util.Optional;

/** A query as {@code /queries/{name}} shows it: its definition, the columns it writes, and its status. */
@Schema(name = "QueryInfo")
public record QueryInfo(
        String name,
        @Schema(nullable = true, description = "Null for the default query before its first start")
        Definition definition,
        @ArraySchema(arraySchema = @Schema(nullable = true,
                description = "The analyzed output columns; null for the default query, whose rows are ProcessedRecord"))
        List<CheckedSql.Column> columns,
        @ArraySchema(arraySchema = @Schema(nullable = true, description = "What the query's SQL reads by name: events, "
                + "registered streams and tables; null for the default query, which reads its topic"),
                schema = @Schema(example = "orders"))
        List<String> reads,
        QueryStatus status) {

    static QueryInfo of(QueryOperator query) {
        QueryStatus status = query.status();
        SavedQuery saved;
        try {
            saved = query.store().read();
        } catch (RuntimeException e) {
            saved = SavedQuery.NEW;
        }
        Optional<QueryDefinition> definition = query.definedBy().shown(saved.definition(),
                query.currentPlan().map(QueryPlan::definition));
        return new QueryInfo(query.name(), definition.map(Definition::of).orElse(null),
                saved.analysis().map(SqlAnalysis::columns).orElse(null), saved.analysis().map(SqlAnalysis::reads).orElse(null),
                status);
    }

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

        static Definition of(QueryDefinition definition) {
            Select.Sql sql = definition.select() instanceof Select.Sql user ? user : null;
            return new Definition(sql == null ? null : sql.sql(), definition.topic(), definition.schema().ddl(),
                    sql == null ? null : sql.watermark(), definition.trigger(), definition.mode().value(),
                    sql == null || sql.outputMode() == null ? null : sql.outputMode().value(), definition.startingOffsets(),
                    definition.sinks().outputTopic().orElse(null));
        }
    }
}
