package io.streamgate.pipeline;

import org.apache.spark.SparkThrowable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.FunctionIdentifier;
import org.apache.spark.sql.catalyst.analysis.FunctionRegistry$;
import org.apache.spark.sql.catalyst.analysis.UnresolvedFunction;
import org.apache.spark.sql.catalyst.analysis.UnresolvedHaving;
import org.apache.spark.sql.catalyst.analysis.UnresolvedInlineTable;
import org.apache.spark.sql.catalyst.analysis.UnresolvedRelation;
import org.apache.spark.sql.catalyst.analysis.UnresolvedSubqueryColumnAliases;
import org.apache.spark.sql.catalyst.analysis.UnresolvedTVFAliases;
import org.apache.spark.sql.catalyst.analysis.UnresolvedTableValuedFunction;
import org.apache.spark.sql.catalyst.analysis.UnsupportedOperationChecker$;
import org.apache.spark.sql.catalyst.expressions.Alias;
import org.apache.spark.sql.catalyst.expressions.Attribute;
import org.apache.spark.sql.catalyst.expressions.CallMethodViaReflection;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.ExprId;
import org.apache.spark.sql.catalyst.expressions.InputFileBlockLength;
import org.apache.spark.sql.catalyst.expressions.InputFileBlockStart;
import org.apache.spark.sql.catalyst.expressions.InputFileName;
import org.apache.spark.sql.catalyst.expressions.NamedExpression;
import org.apache.spark.sql.catalyst.expressions.SubqueryExpression;
import org.apache.spark.sql.catalyst.expressions.TryReflect;
import org.apache.spark.sql.catalyst.expressions.UserDefinedExpression;
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
import org.apache.spark.sql.catalyst.plans.logical.Sort;
import org.apache.spark.sql.catalyst.plans.logical.SubqueryAlias;
import org.apache.spark.sql.catalyst.plans.logical.SubqueryAlias$;
import org.apache.spark.sql.catalyst.plans.logical.Union;
import org.apache.spark.sql.catalyst.plans.logical.UnresolvedHint;
import org.apache.spark.sql.catalyst.plans.logical.UnresolvedWith;
import org.apache.spark.sql.catalyst.plans.logical.WithWindowDefinition;
import org.apache.spark.sql.catalyst.plans.logical.Window;
import org.apache.spark.sql.catalyst.streaming.StreamingRelationV2;
import org.apache.spark.sql.catalyst.trees.TreeNode;
import org.apache.spark.sql.connector.catalog.Table;
import org.apache.spark.sql.types.StructField;
import scala.Option;
import scala.Tuple3;
import scala.jdk.javaapi.CollectionConverters;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Checks a user's SQL before Spark runs any of it, and builds what the query streams. In this order,
 * each step on what the one before accepted:
 * <ol>
 *   <li>Spark's parser alone (no analysis: analyzing runs {@code ADD JAR}, {@code SET} and
 *       {@code EXECUTE IMMEDIATE}, and reads files named in the SQL);</li>
 *   <li>the parsed plan against an allow-list of query nodes, reading only {@code events} (and the
 *       query's own {@code WITH} names), calling only Spark's built-in functions, and none of them that
 *       reflect or read files;</li>
 *   <li>Spark's analyzer, with {@code events} bound to this query's stream; its errors carry Spark's
 *       error class;</li>
 *   <li>the analyzed plan against the same allow-list and a deny-list of expressions, every leaf the
 *       events stream;</li>
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
            UnresolvedSubqueryColumnAliases.class, UnresolvedHint.class);

    private SqlGuard() {
    }

    /**
     * @param events the {@code events} view of the query's topic (a stream, not yet started)
     * @param mode   the engine: real-time mode takes stateless plans only
     * @throws InvalidSqlException naming the reason, with Spark's error class where Spark found it
     */
    public static CheckedSql check(SparkSession session, Dataset<Row> events, Select.Sql sql, QueryMode mode) {
        org.apache.spark.sql.classic.SparkSession classic = (org.apache.spark.sql.classic.SparkSession) session;
        LogicalPlan parsed;
        try {
            parsed = classic.sessionState().sqlParser().parsePlan(sql.sql());
            checkParsed(parsed, new HashSet<>(Set.of(Columns.EVENTS_VIEW)));
        } catch (Exception e) { // Spark's ParseException, checked as Java sees it
            throw sparkError(e);
        } catch (StackOverflowError e) {
            throw new InvalidSqlException("REFUSED_SQL.TOO_DEEP", "The SQL nests too deeply to parse", e);
        }

        LogicalPlan eventsPlan = ((org.apache.spark.sql.classic.Dataset<Row>) events).logicalPlan();
        Tuple3<String, SubqueryAlias, Option<Object>> view = new Tuple3<>(Columns.EVENTS_VIEW,
                SubqueryAlias$.MODULE$.apply(Columns.EVENTS_VIEW, eventsPlan), Option.empty());
        LogicalPlan bound = new UnresolvedWith(parsed, CollectionConverters.asScala(List.of(view)).toSeq(), false);
        LogicalPlan analyzed;
        try {
            analyzed = org.apache.spark.sql.classic.Dataset.ofRows(classic, bound).queryExecution().analyzed();
        } catch (Exception e) { // Spark's AnalysisException, checked as Java sees it
            throw sparkError(e);
        } catch (StackOverflowError e) {
            throw new InvalidSqlException("REFUSED_SQL.TOO_DEEP", "The SQL nests too deeply to analyze", e);
        }
        LogicalPlan plan = new InlineCTE(true, false).apply(analyzed);
        Set<Table> eventTables = new HashSet<>();
        nodes(eventsPlan).forEach(node -> {
            if (node instanceof StreamingRelationV2 relation) {
                eventTables.add(relation.table());
            }
        });
        checkAnalyzed(plan, eventTables);

        boolean stateful = UnsupportedOperationChecker$.MODULE$.isStatefulOperation(plan) || hasAggregate(plan);
        // Real-time mode writes in update mode only (Spark 4.2); for stateless rows it means the same as append.
        OutputMode outputMode = sql.outputMode() != null ? sql.outputMode()
                : stateful || mode == QueryMode.REAL_TIME ? OutputMode.UPDATE : OutputMode.APPEND;
        try {
            UnsupportedOperationChecker$.MODULE$.checkForStreaming(plan, outputMode.spark());
            if (mode == QueryMode.REAL_TIME) {
                if (stateful) {
                    throw new InvalidSqlException("REFUSED_SQL.REAL_TIME_STATEFUL", "Real-time mode runs stateless "
                            + "queries only (filters, projections, functions of one row), as Spark 4.2 allows; this query "
                            + "aggregates, deduplicates or joins: run it in micro-batch mode");
                }
                UnsupportedOperationChecker$.MODULE$.checkAdditionalRealTimeModeConstraints(plan, outputMode.spark());
            }
        } catch (InvalidSqlException e) {
            throw e;
        } catch (Exception e) { // Spark's AnalysisException
            throw sparkError(e);
        }
        Dataset<Row> rows = org.apache.spark.sql.classic.Dataset.ofRows(classic, plan);
        List<CheckedSql.Column> columns = new ArrayList<>();
        for (StructField field : rows.schema().fields()) {
            columns.add(new CheckedSql.Column(field.name(), field.dataType().sql()));
        }
        return new CheckedSql(rows, columns, outputMode, groupKeys(plan), stateSignature(plan));
    }

    private static void checkParsed(LogicalPlan plan, Set<String> views) {
        if (plan instanceof UnresolvedWith with) {
            if (with.allowRecursion()) {
                throw refused("UNSUPPORTED_OPERATOR", "Recursive WITH is not supported in a streaming query");
            }
            for (Tuple3<String, SubqueryAlias, Option<Object>> definition : CollectionConverters.asJava(with.cteRelations())) {
                views.add(definition._1().toLowerCase(Locale.ROOT));
            }
        }
        if (plan instanceof UnresolvedRelation relation) {
            List<String> name = CollectionConverters.asJava(relation.multipartIdentifier());
            if (name.size() == 2) {
                throw refused("SQL_ON_FILES", "Reading files (" + String.join(".", name) + ") is refused: the query "
                        + "reads the events view only");
            }
            if (name.size() != 1 || !views.contains(name.get(0).toLowerCase(Locale.ROOT))) {
                throw refused("OTHER_RELATION", "The query reads the events view only, not '" + String.join(".", name) + "'");
            }
            if (relation.isStreaming()) {
                throw refused("OTHER_RELATION", "Write FROM events, without STREAM: the view is already a stream");
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
        if (plan instanceof Join) {
            children(plan).forEach(child -> checkParsed(child, views)); // a join with range(…) is refused for range
            throw refused("JOIN", "Joins are refused: the query reads the events view once");
        }
        if (!QUERY_NODES.contains(plan.getClass())) {
            throw refused("NOT_A_QUERY", "Only one SELECT over the events view is accepted, not " + plan.nodeName()
                    + " (DDL, DML, SET, ADD JAR, EXECUTE IMMEDIATE and other commands are refused)");
        }
        for (Expression expression : CollectionConverters.asJava(plan.expressions())) {
            expressions(expression).forEach(SqlGuard::checkParsedExpression);
        }
        for (LogicalPlan child : children(plan)) {
            checkParsed(child, views);
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
            Option<org.apache.spark.sql.catalyst.expressions.ExpressionInfo> info = FunctionRegistry$.MODULE$.builtin()
                    .lookupFunction(new FunctionIdentifier(name.get(0)));
            if (info.isEmpty()) {
                throw refused("USER_DEFINED_FUNCTION", "'" + name.get(0) + "' is not one of Spark's built-in functions; "
                        + "user-defined functions are refused");
            }
            String className = info.get().getClassName();
            if (className.equals(CallMethodViaReflection.class.getName()) || className.equals(TryReflect.class.getName())) {
                throw refused("REFLECTION", "'" + name.get(0) + "' calls Java methods by reflection, which is refused");
            }
            if (className.equals(InputFileName.class.getName()) || className.equals(InputFileBlockStart.class.getName())
                    || className.equals(InputFileBlockLength.class.getName())) {
                throw refused("INPUT_FILE", "'" + name.get(0) + "' is about files; the query reads the events view only");
            }
        }
    }

    private static void checkAnalyzed(LogicalPlan plan, Set<Table> eventTables) {
        if (plan instanceof StreamingRelationV2 relation && eventTables.contains(relation.table())) {
            return;
        }
        if (plan.children().isEmpty() || !QUERY_NODES.contains(plan.getClass())) {
            throw refused("OTHER_RELATION", "The query must read the events stream only; it reads " + plan.nodeName());
        }
        for (Expression expression : CollectionConverters.asJava(plan.expressions())) {
            expressions(expression).forEach(node -> {
                if (node instanceof UserDefinedExpression) {
                    throw refused("USER_DEFINED_FUNCTION", "User-defined functions are refused");
                }
                if (node instanceof CallMethodViaReflection || node instanceof TryReflect) {
                    throw refused("REFLECTION", "Calling Java methods by reflection is refused");
                }
                if (node instanceof InputFileName || node instanceof InputFileBlockStart || node instanceof InputFileBlockLength) {
                    throw refused("INPUT_FILE", "Functions about input files are refused");
                }
                if (node instanceof SubqueryExpression) {
                    throw refused("SUBQUERY", "Subqueries in expressions are refused: a streaming query cannot run them");
                }
            });
        }
        for (LogicalPlan child : children(plan)) {
            checkAnalyzed(child, eventTables);
        }
    }

    /**
     * The output columns that say which group a row is: those that carry the top aggregation's grouping
     * keys, unchanged. Empty when the plan does not aggregate (its rows are rows, not groups), or when a
     * grouping key is not in the output (rows of different groups could not be told apart).
     */
    static Optional<List<String>> groupKeys(LogicalPlan plan) {
        List<LogicalPlan> above = new ArrayList<>();
        LogicalPlan node = plan;
        while (!(node instanceof Aggregate)) {
            if (node.children().size() != 1) {
                return Optional.empty();
            }
            above.add(node);
            node = node.children().head();
        }
        Aggregate aggregate = (Aggregate) node;
        List<Expression> grouping = CollectionConverters.asJava(aggregate.groupingExpressions());
        Set<ExprId> keys = new HashSet<>();
        int found = 0;
        for (NamedExpression output : CollectionConverters.asJava(aggregate.aggregateExpressions())) {
            Expression body = output instanceof Alias alias ? alias.child() : (Expression) output;
            if (grouping.stream().anyMatch(key -> key.semanticEquals(body))) {
                keys.add(output.exprId());
                found++;
            }
        }
        if (found < grouping.size()) {
            return Optional.empty();
        }
        for (int i = above.size() - 1; i >= 0; i--) {
            if (above.get(i) instanceof Project project) {
                Set<ExprId> kept = new HashSet<>();
                for (NamedExpression output : CollectionConverters.asJava(project.projectList())) {
                    Expression body = output instanceof Alias alias ? alias.child() : (Expression) output;
                    if (body instanceof Attribute attribute && keys.contains(attribute.exprId())) {
                        kept.add(output.exprId());
                    }
                }
                if (kept.size() < keys.size()) {
                    return Optional.empty();
                }
                keys = kept;
            }
        }
        List<String> names = new ArrayList<>();
        for (Attribute output : CollectionConverters.asJava(plan.output())) {
            if (keys.contains(output.exprId())) {
                names.add(output.name());
            }
        }
        return Optional.of(names);
    }

    /** What Spark keeps in its state store: a change to it cannot resume from the checkpoint. */
    private static List<String> stateSignature(LogicalPlan plan) {
        List<String> signature = new ArrayList<>();
        nodes(plan).forEach(node -> {
            if (node instanceof Aggregate aggregate) {
                signature.add("aggregate " + CollectionConverters.asJava(aggregate.groupingExpressions()).stream()
                        .map(Expression::sql).toList() + " " + CollectionConverters.asJava(aggregate.aggregateExpressions())
                        .stream().map(expression -> ((Expression) expression).sql()).toList());
            } else if (node instanceof Deduplicate || node instanceof DeduplicateWithinWatermark || node instanceof Distinct) {
                signature.add(node.nodeName() + " " + CollectionConverters.asJava(node.output()).stream()
                        .map(Attribute::name).toList());
            } else if (node instanceof GlobalLimit) {
                signature.add("limit");
            }
        });
        return signature;
    }

    private static boolean hasAggregate(LogicalPlan plan) {
        return nodes(plan).stream().anyMatch(node -> node instanceof Aggregate);
    }

    private static List<LogicalPlan> nodes(LogicalPlan plan) {
        List<LogicalPlan> all = new ArrayList<>();
        all.add(plan);
        for (LogicalPlan child : children(plan)) {
            all.addAll(nodes(child));
        }
        return all;
    }

    /** Children and inner children: a WITH's definitions are inner children of its node. */
    @SuppressWarnings("unchecked")
    private static List<LogicalPlan> children(LogicalPlan plan) {
        List<LogicalPlan> children = new ArrayList<>(CollectionConverters.asJava(plan.children()));
        for (Object inner : CollectionConverters.asJava(((TreeNode<?>) plan).innerChildren())) {
            if (inner instanceof LogicalPlan innerPlan) {
                children.add(innerPlan);
            }
        }
        return children;
    }

    private static List<Expression> expressions(Expression root) {
        List<Expression> all = new ArrayList<>();
        List<Expression> pending = new ArrayList<>(List.of(root));
        while (!pending.isEmpty()) {
            Expression next = pending.remove(pending.size() - 1);
            all.add(next);
            pending.addAll(CollectionConverters.asJava(next.children()));
        }
        return all;
    }

    private static InvalidSqlException refused(String reason, String message) {
        return new InvalidSqlException("REFUSED_SQL." + reason, message);
    }

    private static InvalidSqlException sparkError(Exception e) {
        if (e instanceof InvalidSqlException invalid) {
            return invalid;
        }
        String condition = e instanceof SparkThrowable spark ? spark.getCondition() : null;
        return new InvalidSqlException(condition != null ? condition : "INVALID_SQL", ErrorText.firstLine(e.getMessage()), e);
    }
}
