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
import org.apache.spark.sql.catalyst.FunctionIdentifier;
import org.apache.spark.sql.catalyst.analysis.FunctionRegistry$;
import org.apache.spark.sql.catalyst.analysis.UnresolvedFunction;
import org.apache.spark.sql.catalyst.analysis.UnresolvedHaving;
import org.apache.spark.sql.catalyst.analysis.UnresolvedInlineTable;
import org.apache.spark.sql.catalyst.analysis.UnresolvedRelation;
import org.apache.spark.sql.catalyst.analysis.UnresolvedSubqueryColumnAliases;
import org.apache.spark.sql.catalyst.analysis.UnresolvedTVFAliases;
import org.apache.spark.sql.catalyst.analysis.UnresolvedTableValuedFunction;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.ExpressionInfo;
import org.apache.spark.sql.catalyst.expressions.SubqueryExpression;
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
import org.apache.spark.sql.catalyst.plans.logical.OneRowRelation;
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
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * Checks a user's SQL before Spark runs any of it, and builds what the query streams. In this order,
 * each step on what the one before accepted:
 * <ol>
 *   <li>Spark's parser alone (no analysis: analyzing runs {@code ADD JAR}, {@code SET} and
 *       {@code EXECUTE IMMEDIATE}, and reads files named in the SQL);</li>
 *   <li>the parsed plan against an allow-list of query nodes, reading only {@code events}, the registered
 *       streams and tables, and the query's own {@code WITH} names, calling only Spark's built-in
 *       functions, and none of them that reflect or read files;</li>
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
    private static final Set<Class<?>> QUERY_NODES = Set.of(Project.class, Filter.class, Aggregate.class,
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
        org.apache.spark.sql.classic.SparkSession classic = (org.apache.spark.sql.classic.SparkSession) session;
        LogicalPlan parsed;
        Set<String> reads = new TreeSet<>();
        try {
            parsed = classic.sessionState().sqlParser().parsePlan(sql.sql());
            checkParsed(parsed, views.names(), new HashSet<>(), reads);
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
        if (!plan.isStreaming()) {
            throw refused("NO_STREAM", "The query reads no stream, only tables: it needs events or a registered "
                    + "stream to run on");
        }
        JoinBounds.check(plan, views.names());
        SizeBounds.check(plan, limits);
        RegexBounds.check(plan, limits);

        AcceptedPlan accepted = AcceptedPlan.of(plan);
        OutputMode outputMode = StreamingChecks.outputMode(sql, accepted, mode);
        try {
            StreamingChecks.check(plan, accepted, outputMode, mode);
        } catch (InvalidQueryException e) {
            throw e;
        } catch (Exception e) { // Spark's AnalysisException
            throw sparkError(e);
        }
        Dataset<Row> rows = org.apache.spark.sql.classic.Dataset.ofRows(classic, plan);
        List<CheckedSql.Column> columns = new ArrayList<>();
        for (StructField field : rows.schema().fields()) {
            columns.add(new CheckedSql.Column(field.name(), field.dataType().sql()));
        }
        return new CheckedSql(rows, columns, outputMode, accepted.groupKeys(), accepted.stateSignature(), List.copyOf(reads));
    }

    /**
     * @param names the relations the SQL may read
     * @param ctes  the query's own {@code WITH} names, as they are met
     * @param reads filled with the relations it reads
     */
    private static void checkParsed(LogicalPlan plan, Set<String> names, Set<String> ctes, Set<String> reads) {
        if (plan instanceof UnresolvedWith with) {
            if (with.allowRecursion()) {
                throw refused("UNSUPPORTED_OPERATOR", "Recursive WITH is not supported in a streaming query");
            }
            for (Tuple3<String, SubqueryAlias, Option<Object>> definition : CollectionConverters.asJava(with.cteRelations())) {
                ctes.add(definition._1().toLowerCase(Locale.ROOT));
            }
        }
        if (plan instanceof UnresolvedRelation relation) {
            List<String> name = CollectionConverters.asJava(relation.multipartIdentifier());
            if (name.size() == 2) {
                throw refused("SQL_ON_FILES", "Reading files (" + String.join(".", name) + ") is refused: the query "
                        + "reads events and the registered streams and tables only");
            }
            String relationName = name.size() == 1 ? name.get(0).toLowerCase(Locale.ROOT) : null;
            if (relationName == null || !(ctes.contains(relationName) || names.contains(relationName))) {
                throw refused("OTHER_RELATION", "The query reads events, the registered streams and tables "
                        + names + " and its own WITH names only, not '" + String.join(".", name) + "'");
            }
            if (relation.isStreaming()) {
                throw refused("OTHER_RELATION", "Write FROM " + relationName + ", without STREAM: a stream is read as one already");
            }
            if (!ctes.contains(relationName)) {
                reads.add(relationName);
            }
            return;
        }
        if (plan instanceof UnresolvedTableValuedFunction || plan instanceof UnresolvedTVFAliases) {
            throw refused("TABLE_VALUED_FUNCTION", "Table-valued functions (" + plan.nodeName() + ": range, "
                    + "read_files, explode in FROM, …) are refused: the query reads the events view only");
        }
        if (plan instanceof UnresolvedInlineTable || plan instanceof LocalRelation || plan instanceof OneRowRelation) {
            throw refused("OTHER_RELATION", "Inline tables (VALUES) are refused: the query reads the events view only");
        }
        if (!QUERY_NODES.contains(plan.getClass())) {
            throw refused("NOT_A_QUERY", "Only one SELECT is accepted, not " + plan.nodeName()
                    + " (DDL, DML, SET, ADD JAR, EXECUTE IMMEDIATE and other commands are refused)");
        }
        PlanTrees.expressions(plan).forEach(SqlGuard::checkParsedExpression);
        for (LogicalPlan child : PlanTrees.children(plan)) {
            checkParsed(child, names, ctes, reads);
        }
    }

    private static void checkParsedExpression(Expression expression) {
        if (expression instanceof SubqueryExpression) {
            throw refused("SUBQUERY", "Subqueries in expressions are refused: a streaming query cannot run them");
        }
        if (expression instanceof UnresolvedFunction function) {
            List<String> name = CollectionConverters.asJava(function.nameParts());
            if (name.size() != 1) {
                throw refused("USER_DEFINED_FUNCTION", "Only Spark's built-in functions are accepted, called by their "
                        + "own name, not " + String.join(".", name));
            }
            Option<ExpressionInfo> info = FunctionRegistry$.MODULE$.builtin().lookupFunction(new FunctionIdentifier(name.get(0)));
            if (info.isEmpty()) {
                throw refused("USER_DEFINED_FUNCTION", "'" + name.get(0) + "' is not one of Spark's built-in functions; "
                        + "user-defined functions are refused");
            }
            RefusedFunctions.ofClassName(info.get().getClassName()).ifPresent(refusal -> {
                throw refused(refusal.errorClass(), "'" + name.get(0) + "' " + refusal.reason());
            });
        }
    }

    /** @param leaves the tables of the views' streams and the relations of their batch reads */
    private static void checkAnalyzed(LogicalPlan plan, Set<Object> leaves) {
        if (plan instanceof StreamingRelationV2 stream && leaves.contains(stream.table())
                || plan instanceof LogicalRelation batch && leaves.contains(batch.relation())) {
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

    private static InvalidSqlException refused(String reason, String message) {
        return new InvalidSqlException("REFUSED_SQL." + reason, message);
    }

    private static InvalidQueryException sparkError(Exception e) {
        return SparkRefusals.refusal(e);
    }
}
