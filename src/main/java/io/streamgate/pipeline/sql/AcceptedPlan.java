package io.streamgate.pipeline.sql;

import org.apache.spark.sql.catalyst.analysis.UnsupportedOperationChecker$;
import org.apache.spark.sql.catalyst.expressions.Alias;
import org.apache.spark.sql.catalyst.expressions.Attribute;
import org.apache.spark.sql.catalyst.expressions.ExprId;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.NamedExpression;
import org.apache.spark.sql.catalyst.plans.logical.Aggregate;
import org.apache.spark.sql.catalyst.plans.logical.Join;
import org.apache.spark.sql.catalyst.plans.logical.Deduplicate;
import org.apache.spark.sql.catalyst.plans.logical.DeduplicateWithinWatermark;
import org.apache.spark.sql.catalyst.plans.logical.Distinct;
import org.apache.spark.sql.catalyst.plans.logical.GlobalLimit;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import org.apache.spark.sql.catalyst.plans.logical.Project;
import scala.jdk.javaapi.CollectionConverters;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What the guard learns of an analyzed plan it accepted: whether it keeps state, which output columns
 * name a row's group, and what it keeps in Spark's state store.
 *
 * @param stateful       it aggregates, deduplicates, limits or joins two streams: Spark keeps state between batches
 * @param updatesRows    it aggregates, deduplicates or limits: a row it wrote may change (a join of two streams
 *                       alone writes each match once, and Spark runs it in append mode only)
 * @param groupKeys      the output columns naming a row's group, when it aggregates; empty otherwise
 * @param stateSignature what Spark keeps in its state store; a change to it cannot resume from a checkpoint
 */
record AcceptedPlan(boolean stateful, boolean updatesRows, Optional<List<String>> groupKeys, List<String> stateSignature) {

    static AcceptedPlan of(LogicalPlan plan) {
        List<LogicalPlan> nodes = PlanTrees.nodes(plan);
        boolean updatesRows = UnsupportedOperationChecker$.MODULE$.isStatefulOperation(plan)
                || nodes.stream().anyMatch(node -> node instanceof Aggregate && node.isStreaming());
        boolean joinsStreams = nodes.stream()
                .anyMatch(node -> node instanceof Join join && join.left().isStreaming() && join.right().isStreaming());
        return new AcceptedPlan(updatesRows || joinsStreams, updatesRows, groupKeys(plan), stateSignature(nodes));
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
            if (grouping.stream().anyMatch(key -> key.semanticEquals(body(output)))) {
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
                    if (body(output) instanceof Attribute attribute && keys.contains(attribute.exprId())) {
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

    private static Expression body(NamedExpression output) {
        return output instanceof Alias alias ? alias.child() : (Expression) output;
    }

    private static List<String> stateSignature(List<LogicalPlan> nodes) {
        List<String> signature = new ArrayList<>();
        for (LogicalPlan node : nodes) {
            if (!node.isStreaming()) {
                continue; // a table's side is read anew at each batch, and keeps nothing
            }
            if (node instanceof Aggregate aggregate) {
                signature.add("aggregate " + CollectionConverters.asJava(aggregate.groupingExpressions()).stream()
                        .map(Expression::sql).toList() + " " + CollectionConverters.asJava(aggregate.aggregateExpressions())
                        .stream().map(expression -> ((Expression) expression).sql()).toList());
            } else if (node instanceof Deduplicate || node instanceof DeduplicateWithinWatermark || node instanceof Distinct) {
                signature.add(node.nodeName() + " " + CollectionConverters.asJava(node.output()).stream()
                        .map(Attribute::name).toList());
            } else if (node instanceof Join join && join.left().isStreaming() && join.right().isStreaming()) {
                signature.add("join " + join.joinType().sql() + " " + join.condition().map(Expression::sql).getOrElse(() -> ""));
            } else if (node instanceof GlobalLimit) {
                signature.add("limit");
            }
        }
        return signature;
    }
}
