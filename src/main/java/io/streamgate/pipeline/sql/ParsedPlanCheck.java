package io.streamgate.pipeline.sql;

import org.apache.spark.sql.catalyst.FunctionIdentifier;
import org.apache.spark.sql.catalyst.analysis.FunctionRegistry$;
import org.apache.spark.sql.catalyst.analysis.UnresolvedFunction;
import org.apache.spark.sql.catalyst.analysis.UnresolvedInlineTable;
import org.apache.spark.sql.catalyst.analysis.UnresolvedRelation;
import org.apache.spark.sql.catalyst.analysis.UnresolvedTVFAliases;
import org.apache.spark.sql.catalyst.analysis.UnresolvedTableValuedFunction;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.ExpressionInfo;
import org.apache.spark.sql.catalyst.expressions.SubqueryExpression;
import org.apache.spark.sql.catalyst.plans.logical.LocalRelation;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import org.apache.spark.sql.catalyst.plans.logical.OneRowRelation;
import org.apache.spark.sql.catalyst.plans.logical.SubqueryAlias;
import org.apache.spark.sql.catalyst.plans.logical.UnresolvedWith;
import scala.Option;
import scala.Tuple3;
import scala.jdk.javaapi.CollectionConverters;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * The guard's second step, on the plan Spark's parser alone made, before anything is analyzed: query
 * nodes only, relations only the names the SQL may read and its own {@code WITH} names, functions only
 * Spark's built-in ones and none of those that reflect or read files. It learns which relations the SQL reads.
 */
final class ParsedPlanCheck {

    private ParsedPlanCheck() {
    }

    /**
     * @param names the relations the SQL may read
     * @return those it reads, lower case
     * @throws io.streamgate.pipeline.definition.InvalidSqlException naming the reason
     */
    static Set<String> reads(LogicalPlan parsed, Set<String> names) {
        Set<String> reads = new TreeSet<>();
        checkParsed(parsed, names, new HashSet<>(), reads);
        return reads;
    }

    /**
     * @param names the relations the SQL may read
     * @param ctes  the query's own {@code WITH} names, as they are met
     * @param reads filled with the relations it reads
     */
    private static void checkParsed(LogicalPlan plan, Set<String> names, Set<String> ctes, Set<String> reads) {
        if (plan instanceof UnresolvedWith with) {
            if (with.allowRecursion()) {
                throw SqlGuard.refused("UNSUPPORTED_OPERATOR", "Recursive WITH is not supported in a streaming query");
            }
            for (Tuple3<String, SubqueryAlias, Option<Object>> definition : CollectionConverters.asJava(with.cteRelations())) {
                ctes.add(definition._1().toLowerCase(Locale.ROOT));
            }
        }
        if (plan instanceof UnresolvedRelation relation) {
            List<String> name = CollectionConverters.asJava(relation.multipartIdentifier());
            if (name.size() == 2) {
                throw SqlGuard.refused("SQL_ON_FILES", "Reading files (" + String.join(".", name) + ") is refused: the query "
                        + "reads events and the registered streams and tables only");
            }
            String relationName = name.size() == 1 ? name.get(0).toLowerCase(Locale.ROOT) : null;
            if (relationName == null || !(ctes.contains(relationName) || names.contains(relationName))) {
                throw SqlGuard.refused("OTHER_RELATION", "The query reads events, the registered streams and tables "
                        + names + " and its own WITH names only, not '" + String.join(".", name) + "'");
            }
            if (relation.isStreaming()) {
                throw SqlGuard.refused("OTHER_RELATION", "Write FROM " + relationName + ", without STREAM: a stream is read as one already");
            }
            if (!ctes.contains(relationName)) {
                reads.add(relationName);
            }
            return;
        }
        if (plan instanceof UnresolvedTableValuedFunction || plan instanceof UnresolvedTVFAliases) {
            throw SqlGuard.refused("TABLE_VALUED_FUNCTION", "Table-valued functions (" + plan.nodeName() + ": range, "
                    + "read_files, explode in FROM, …) are refused: the query reads the events view only");
        }
        if (plan instanceof UnresolvedInlineTable || plan instanceof LocalRelation || plan instanceof OneRowRelation) {
            throw SqlGuard.refused("OTHER_RELATION", "Inline tables (VALUES) are refused: the query reads the events view only");
        }
        if (!SqlGuard.QUERY_NODES.contains(plan.getClass())) {
            throw SqlGuard.refused("NOT_A_QUERY", "Only one SELECT is accepted, not " + plan.nodeName()
                    + " (DDL, DML, SET, ADD JAR, EXECUTE IMMEDIATE and other commands are refused)");
        }
        PlanTrees.expressions(plan).forEach(ParsedPlanCheck::checkParsedExpression);
        for (LogicalPlan child : PlanTrees.children(plan)) {
            checkParsed(child, names, ctes, reads);
        }
    }

    private static void checkParsedExpression(Expression expression) {
        if (expression instanceof SubqueryExpression) {
            throw SqlGuard.refused("SUBQUERY", "Subqueries in expressions are refused: a streaming query cannot run them");
        }
        if (expression instanceof UnresolvedFunction function) {
            List<String> name = CollectionConverters.asJava(function.nameParts());
            if (name.size() != 1) {
                throw SqlGuard.refused("USER_DEFINED_FUNCTION", "Only Spark's built-in functions are accepted, called by their "
                        + "own name, not " + String.join(".", name));
            }
            Option<ExpressionInfo> info = FunctionRegistry$.MODULE$.builtin().lookupFunction(new FunctionIdentifier(name.get(0)));
            if (info.isEmpty()) {
                throw SqlGuard.refused("USER_DEFINED_FUNCTION", "'" + name.get(0) + "' is not one of Spark's built-in functions; "
                        + "user-defined functions are refused");
            }
            RefusedFunctions.ofClassName(info.get().getClassName()).ifPresent(refusal -> {
                throw SqlGuard.refused(refusal.errorClass(), "'" + name.get(0) + "' " + refusal.reason());
            });
        }
    }
}
