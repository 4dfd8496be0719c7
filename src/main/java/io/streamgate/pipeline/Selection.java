package io.streamgate.pipeline;

import io.streamgate.pipeline.definition.OutputMode;
import io.streamgate.pipeline.definition.PipelineProperties.SqlLimits;
import io.streamgate.pipeline.definition.QueryDefinition;
import io.streamgate.pipeline.definition.QueryMode;
import io.streamgate.pipeline.definition.Select;
import io.streamgate.pipeline.plan.Engine;
import io.streamgate.pipeline.plan.QueryPlan;
import io.streamgate.pipeline.sink.RowFormat;
import io.streamgate.pipeline.sql.CheckedSql;
import io.streamgate.pipeline.sql.SqlGuard;
import io.streamgate.pipeline.transform.RecordTransform;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import java.util.Optional;

/**
 * What a query streams from its source: the built-in select's records, counted, or a user's checked SQL;
 * shaped as its rows leave Spark, with how they do.
 *
 * @param rows    as the sinks take them ({@link RowFormat#shape})
 * @param checked what the SQL guard learned, for a user's SQL
 */
record Selection(Dataset<Row> rows, RowFormat format, OutputMode outputMode, Optional<CheckedSql> checked) {

    /** @param views what the query reads: its own topic (the built-in select's source) and what a user's SQL names */
    static Selection of(SparkSession session, QueryPlan plan, QueryViews views, SqlLimits limits) {
        QueryDefinition definition = plan.definition();
        if (definition.select() instanceof Select.Sql sql) {
            return ofSql(session, sql, views, definition.mode(), limits);
        }
        Dataset<Row> records = RecordTransform.counted(RecordTransform.builtIn(views.source(definition.topic()).load(),
                definition.schema()));
        RowFormat format = new RowFormat.Records();
        // Real-time mode writes in update mode only (Spark 4.2); for rows that are not groups it means append.
        return new Selection(format.shape(records), format,
                plan.engine() instanceof Engine.RealTime ? OutputMode.UPDATE : OutputMode.APPEND, Optional.empty());
    }

    /** A user's SQL over the views it reads, checked, and its rows shaped as JSON. */
    static Selection ofSql(SparkSession session, Select.Sql sql, QueryViews views, QueryMode mode, SqlLimits limits) {
        CheckedSql checked = SqlGuard.check(session, views, sql, mode, limits);
        RowFormat format = new RowFormat.Json(checked.groupKeys());
        return new Selection(format.shape(checked.rows()), format, checked.outputMode(), Optional.of(checked));
    }
}
