package io.streamgate.pipeline.sql;

import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import org.apache.spark.sql.catalyst.trees.TreeNode;
import scala.jdk.javaapi.CollectionConverters;

import java.util.ArrayList;
import java.util.List;

/** Walks Spark's plan and expression trees as Java lists, without recursion over expressions. */
final class PlanTrees {

    private PlanTrees() {
    }

    /** The plan and every node below it, inner children included. */
    static List<LogicalPlan> nodes(LogicalPlan plan) {
        List<LogicalPlan> all = new ArrayList<>();
        all.add(plan);
        for (LogicalPlan child : children(plan)) {
            all.addAll(nodes(child));
        }
        return all;
    }

    /** Children and inner children: a WITH's definitions are inner children of its node. */
    static List<LogicalPlan> children(LogicalPlan plan) {
        List<LogicalPlan> children = new ArrayList<>(CollectionConverters.asJava(plan.children()));
        for (Object inner : CollectionConverters.asJava(((TreeNode<?>) plan).innerChildren())) {
            if (inner instanceof LogicalPlan innerPlan) {
                children.add(innerPlan);
            }
        }
        return children;
    }

    /** Every expression of the node, and every one below them. */
    static List<Expression> expressions(LogicalPlan plan) {
        List<Expression> all = new ArrayList<>();
        List<Expression> pending = new ArrayList<>(CollectionConverters.asJava(plan.expressions()));
        while (!pending.isEmpty()) {
            Expression next = pending.remove(pending.size() - 1);
            all.add(next);
            pending.addAll(CollectionConverters.asJava(next.children()));
        }
        return all;
    }
}
