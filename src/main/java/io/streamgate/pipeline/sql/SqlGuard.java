package io.streamgate.pipeline.sql;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import io.streamgate.pipeline.definition.InvalidQueryException;
import io.streamgate.pipeline.definition.InvalidSqlException;
import io.streamgate.pipeline.definition.PipelineProperties.SqlLimits;
import io.streamgate.pipeline.definition.OutputMode;
import io.streamgate.pipeline.definition.QueryMode;
import io.streamgate.pipeline.definition.Select;
import org.apache.spark.sql.catalyst.analysis.UnresolvedHaving;
import org.apache.spark.sql.catalyst.analysis.UnresolvedSubqueryColumnAliases;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.optimizer.InlineCTE;
import org.apache.spark.sql.catalyst.plans.logical.Aggregate;
import org.apache.spark.sql.catalyst.plans.logical.Deduplicate;
import org.apache.spark.sql.catalyst.plans.logical.DeduplicateWithinWatermark;
import org.apache.spark.sql.catalyst.plans.logical.Distinct;
import org.apache.spark.sql.catalyst.plans.logical.EventTimeWatermark;
import org.apache.spark.sql.catalyst.plans.logical.Expand;
import org.apache.spark.sql.catalyst.plans.logical.Filter;
import org.apache.spark.sql.catalyst.plans.logical.Generate;
import org.apache.spark.sql.catalyst.plans.logical.GlobalLimit;
import org.apache.spark.sql.catalyst.plans.logical.Join;
import org.apache.spark.sql.catalyst.plans.logical.LocalLimit;
import org.apache.spark.sql.catalyst.plans.logical.LocalRelation;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import org.apache.spark.sql.catalyst.plans.logical.Project;
import org.apache.spark.sql.catalyst.plans.logical.ResolvedHint;
import org.apache.spark.sql.catalyst.plans.logical.Sort;
import org.apache.spark.sql.catalyst.plans.logical.SubqueryAlias;
import org.apache.spark.sql.catalyst.plans.logical.SubqueryAlias$;
import org.apache.spark.sql.catalyst.plans.logical.Union;
import org.apache.spark.sql.catalyst.plans.logical.UnresolvedHint;
import org.apache.spark.sql.catalyst.plans.logical.UnresolvedWith;
import org.apache.spark.sql.catalyst.plans.logical.WithWindowDefinition;
import org.apache.spark.sql.catalyst.plans.logical.Window;
import org.apache.spark.sql.catalyst.streaming.StreamingRelationV2;
import org.apache.spark.sql.execution.datasources.LogicalRelation;
import org.apache.spark.sql.types.StructField;
import scala.Option;
import scala.Tuple3;
import scala.jdk.javaapi.CollectionConverters;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Checks a user's SQL before Spark runs any of it, and builds what the query streams. In this order,
 * each step on what the one before accepted:
 * <ol>
 *   <li>Spark's parser alone (no analysis: analyzing runs {@code ADD JAR}, {@code SET} and
 *       {@code EXECUTE IMMEDIATE}, and reads files named in the SQL);</li>
 *   <li>the parsed plan ({@link ParsedPlanCheck}) against an allow-list of query nodes, reading only
 *       {@code events}, the registered streams and tables, and the query's own {@code WITH} names,
 *       calling only Spark's built-in functions, and none of them that reflect or read files;</li>
 *   <li>Spark's analyzer, with each name the SQL reads bound to its view ({@link Views}); its errors
 *       carry Spark's error class;</li>
 *   <li>the analyzed plan against the same allow-list and a deny-list of expressions, every leaf a
 *       relation of those views, and every join bounded ({@link JoinBounds});</li>
 *   <li>Spark's own streaming checks for the output mode, and real-time mode's.</li>
 * </ol>
 * Only a plan that passed every step is returned, and only that plan is ever started.
 */
public final class SqlGuard {

    /** Node types of a query; anything else (commands, relations other than the view) is refused. */
    static final Set<Class<?>> QUERY_NODES = Set.of(Project.class, Filter.class, Aggregate.class,
            SubqueryAlias.class, UnresolvedWith.class, Distinct.class, Union.class, Sort.class, GlobalLimit.class,
            LocalLimit.class, Generate.class, Deduplicate.class, DeduplicateWithinWatermark.class,
            WithWindowDefinition.class, Window.class, Expand.class, EventTimeWatermark.class, UnresolvedHaving.class,
            UnresolvedSubqueryColumnAliases.class, UnresolvedHint.class, ResolvedHint.class, Join.class);

    private SqlGuard() {
    }

    /**
     * @param views  what the SQL may read by name; only those it reads are built
     * @param mode   the engine: real-time mode takes stateless plans only
     * @param limits what one row may cost
     * @throws InvalidSqlException naming the reason, with Spark's error class where Spark found it
     */
    public static CheckedSql check(SparkSession session, Views views, Select.Sql sql, QueryMode mode,
                                   SqlLimits limits) {
        Guarded guarded = guarded(session, views, sql.sql(), limits);
        LogicalPlan plan = guarded.plan();
        if (!plan.isStreaming()) {
            throw refused("NO_STREAM", "The query reads no stream, only tables: it needs events or a registered "
                    + "stream to run on");
        }
        JoinBounds.check(plan, views.names());

        AcceptedPlan accepted = AcceptedPlan.of(plan);
        OutputMode outputMode = StreamingChecks.outputMode(sql, accepted, mode);
        try {
            StreamingChecks.check(plan, accepted, outputMode, mode);
        } catch (InvalidQueryException e) {
            throw e;
        } catch (Exception e) { // Spark's AnalysisException
            throw sparkError(e);
        }
        Dataset<Row> rows = org.apache.spark.sql.classic.Dataset.ofRows(guarded.session(), plan);
        return new CheckedSql(rows, columns(rows), outputMode, accepted.groupKeys(), accepted.stateSignature(),
                List.copyOf(guarded.reads()));
    }

    /**
     * The same checks, steps 1 to 4, for SQL that Spark runs once as a batch job over batch views (the
     * archive): no stream, so no streaming checks; a join of batch reads is bounded by what they hold.
     *
     * @return the analyzed rows, the only thing ever run, and their columns
     */
    public static CheckedBatch checkBatch(SparkSession session, Views views, String sql, SqlLimits limits) {
        Guarded guarded = guarded(session, views, sql, limits);
        Dataset<Row> rows = org.apache.spark.sql.classic.Dataset.ofRows(guarded.session(), guarded.plan());
        return new CheckedBatch(rows, columns(rows));
    }

    /** SQL checked as batch: the rows to run and their columns, with Spark's types. */
    public record CheckedBatch(Dataset<Row> rows, List<CheckedSql.Column> columns) {
    }

    private record Guarded(org.apache.spark.sql.classic.SparkSession session, LogicalPlan plan, Set<String> reads) {
    }

    private static List<CheckedSql.Column> columns(Dataset<Row> rows) {
        List<CheckedSql.Column> columns = new ArrayList<>();
        for (StructField field : rows.schema().fields()) {
            columns.add(new CheckedSql.Column(field.name(), field.dataType().sql()));
        }
        return columns;
    }

    /** Steps 1 to 4: parsed, bound to the views, analyzed, and every node, leaf and expression allowed. */
    private static Guarded guarded(SparkSession session, Views views, String sql, SqlLimits limits) {
        org.apache.spark.sql.classic.SparkSession classic = (org.apache.spark.sql.classic.SparkSession) session;
        LogicalPlan parsed;
        Set<String> reads;
        try {
            parsed = classic.sessionState().sqlParser().parsePlan(sql);
            reads = ParsedPlanCheck.reads(parsed, views.names());
        } catch (Exception e) { // Spark's ParseException, checked as Java sees it
            throw sparkError(e);
        } catch (StackOverflowError e) {
            throw new InvalidSqlException("REFUSED_SQL.TOO_DEEP", "The SQL nests too deeply to parse", e);
        }
        WindowBounds.check(parsed, limits); // before the analyzer expands each row into its windows

        List<Tuple3<String, SubqueryAlias, Option<Object>>> bindings = new ArrayList<>();
        Set<Object> leaves = new HashSet<>();
        for (String name : reads) {
            LogicalPlan view = ((org.apache.spark.sql.classic.Dataset<Row>) views.view(name)).logicalPlan();
            bindings.add(new Tuple3<>(name, SubqueryAlias$.MODULE$.apply(name, view), Option.empty()));
            PlanTrees.nodes(view).forEach(node -> {
                if (node instanceof StreamingRelationV2 relation) {
                    leaves.add(relation.table());
                } else if (node instanceof LogicalRelation relation) {
                    leaves.add(relation.relation());
                } else if (node instanceof LocalRelation empty) {
                    leaves.add(empty); // a view with nothing to read yet, e.g. an archive before its first batch
                }
            });
        }
        LogicalPlan bound = new UnresolvedWith(parsed, CollectionConverters.asScala(bindings).toSeq(), false);
        LogicalPlan analyzed;
        try {
            analyzed = org.apache.spark.sql.classic.Dataset.ofRows(classic, bound).queryExecution().analyzed();
        } catch (Exception e) { // Spark's AnalysisException, checked as Java sees it
            throw sparkError(e);
        } catch (StackOverflowError e) {
            throw new InvalidSqlException("REFUSED_SQL.TOO_DEEP", "The SQL nests too deeply to analyze", e);
        }
        LogicalPlan plan = new InlineCTE(true, false).apply(analyzed);
        checkAnalyzed(plan, leaves);
        SizeBounds.check(plan, limits);
        RegexBounds.check(plan, limits);
        return new Guarded(classic, plan, reads);
    }

    /** @param leaves the tables of the views' streams and the relations of their batch reads */
    private static void checkAnalyzed(LogicalPlan plan, Set<Object> leaves) {
        if (plan instanceof StreamingRelationV2 stream && leaves.contains(stream.table())
                || plan instanceof LogicalRelation batch && leaves.contains(batch.relation())
                || plan instanceof LocalRelation && leaves.contains(plan)) {
            return;
        }
        if (plan.children().isEmpty() || !QUERY_NODES.contains(plan.getClass())) {
            throw refused("OTHER_RELATION", "The query must read events and the registered streams and tables only; "
                    + "it reads " + plan.nodeName());
        }
        for (Expression expression : PlanTrees.expressions(plan)) {
            RefusedFunctions.of(expression).ifPresent(refusal -> {
                throw refused(refusal.errorClass(), "'" + expression.prettyName() + "' " + refusal.reason());
            });
        }
        for (LogicalPlan child : PlanTrees.children(plan)) {
            checkAnalyzed(child, leaves);
        }
    }

    static InvalidSqlException refused(String reason, String message) {
        return new InvalidSqlException("REFUSED_SQL." + reason, message);
    }

    private static InvalidQueryException sparkError(Exception e) {
        return SparkRefusals.refusal(e);
    }
}
