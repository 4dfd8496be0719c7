package io.streamgate.pipeline.sql;

import io.streamgate.pipeline.definition.InvalidSqlException;
import io.streamgate.pipeline.definition.OutputMode;
import io.streamgate.pipeline.definition.QueryMode;
import io.streamgate.pipeline.definition.Select;
import org.apache.spark.sql.catalyst.analysis.UnsupportedOperationChecker$;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;

/** Spark's own checks of a streaming plan for its output mode, and real-time mode's. */
final class StreamingChecks {

    private StreamingChecks() {
    }

    /** As asked, or update for a plan whose rows change and in real-time mode, append otherwise. */
    static OutputMode outputMode(Select.Sql sql, AcceptedPlan accepted, QueryMode mode) {
        if (sql.outputMode() != null) {
            return sql.outputMode();
        }
        // Real-time mode writes in update mode only (Spark 4.2); for stateless rows it means the same as append.
        return accepted.updatesRows() || mode == QueryMode.REAL_TIME ? OutputMode.UPDATE : OutputMode.APPEND;
    }

    /** @throws org.apache.spark.sql.AnalysisException (checked as Java sees it) when Spark cannot run the plan so */
    static void check(LogicalPlan plan, AcceptedPlan accepted, OutputMode outputMode, QueryMode mode) {
        UnsupportedOperationChecker$.MODULE$.checkForStreaming(plan, outputMode.spark());
        if (mode == QueryMode.REAL_TIME) {
            if (accepted.stateful()) {
                throw new InvalidSqlException("REFUSED_SQL.REAL_TIME_STATEFUL", "Real-time mode runs stateless "
                        + "queries only (filters, projections, functions of one row), as Spark 4.2 allows; this query "
                        + "aggregates, deduplicates or joins: run it in micro-batch mode");
            }
            UnsupportedOperationChecker$.MODULE$.checkAdditionalRealTimeModeConstraints(plan, outputMode.spark());
        }
    }
}
