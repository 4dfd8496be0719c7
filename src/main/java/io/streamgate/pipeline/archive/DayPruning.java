package io.streamgate.pipeline.archive;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.expressions.And;
import org.apache.spark.sql.catalyst.expressions.Attribute;
import org.apache.spark.sql.catalyst.expressions.BinaryComparison;
import org.apache.spark.sql.catalyst.expressions.EqualTo;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.GreaterThan;
import org.apache.spark.sql.catalyst.expressions.GreaterThanOrEqual;
import org.apache.spark.sql.catalyst.expressions.LessThan;
import org.apache.spark.sql.catalyst.expressions.LessThanOrEqual;
import org.apache.spark.sql.catalyst.expressions.Literal;
import org.apache.spark.sql.catalyst.plans.logical.Filter;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import org.apache.spark.sql.execution.datasources.HadoopFsRelation;
import org.apache.spark.sql.execution.datasources.LogicalRelation;
import org.apache.spark.sql.types.DataTypes;
import scala.jdk.javaapi.CollectionConverters;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static io.streamgate.pipeline.definition.Columns.DATE;
import static io.streamgate.pipeline.definition.Columns.TIMESTAMP;

/**
 * A {@code WHERE} on {@code timestamp} reads only the day folders it can match, as one on {@code date}
 * does. Spark prunes partitions by predicates on the partition column only; so where Spark's optimizer
 * has put a filter on a generation's rows right above its files, each bound on {@code timestamp}
 * (a literal, after constant folding) is added there as the same bound on its day, which Spark then
 * prunes by. The added predicates only restate the filter's own: no row it keeps is lost.
 */
final class DayPruning {


    private DayPruning() {
    }

    static Dataset<Row> apply(Dataset<Row> rows) {
        org.apache.spark.sql.classic.Dataset<Row> classic = (org.apache.spark.sql.classic.Dataset<Row>) rows;
        LogicalPlan optimized = classic.queryExecution().optimizedPlan();
        LogicalPlan pruned = prune(optimized);
        return pruned == optimized ? rows : org.apache.spark.sql.classic.Dataset.ofRows(classic.sparkSession(), pruned);
    }

    private static LogicalPlan prune(LogicalPlan plan) {
        if (plan instanceof Filter filter && filter.child() instanceof LogicalRelation files
                && files.relation() instanceof HadoopFsRelation fs && fs.partitionSchema().getFieldIndex(DATE).isDefined()) {
            Optional<Expression> days = days(filter.condition(), files);
            return days.<LogicalPlan>map(bound -> new Filter(new And(filter.condition(), bound), files)).orElse(plan);
        }
        List<LogicalPlan> children = new ArrayList<>();
        boolean changed = false;
        for (LogicalPlan child : CollectionConverters.asJava(plan.children())) {
            LogicalPlan pruned = prune(child);
            changed |= pruned != child;
            children.add(pruned);
        }
        return changed ? plan.withNewChildren(CollectionConverters.asScala(children).toSeq()) : plan;
    }

    /** The day bounds the condition's conjuncts put on the relation's own timestamp; none when it puts none. */
    private static Optional<Expression> days(Expression condition, LogicalRelation files) {
        Attribute timestamp = attribute(files, TIMESTAMP);
        Attribute date = attribute(files, DATE);
        Expression bounds = null;
        for (Expression conjunct : conjuncts(condition)) {
            if (!(conjunct instanceof BinaryComparison comparison)) {
                continue;
            }
            boolean timestampLeft = same(comparison.left(), timestamp) && comparison.right() instanceof Literal;
            boolean timestampRight = same(comparison.right(), timestamp) && comparison.left() instanceof Literal;
            if (!timestampLeft && !timestampRight) {
                continue;
            }
            Object value = ((Literal) (timestampLeft ? comparison.right() : comparison.left())).value();
            if (!(value instanceof Long micros)) {
                continue;
            }
            Literal day = new Literal(ArchiveLayout.day(micros), DataTypes.DateType);
            // timestamp > x (or x < timestamp) keeps days from x's on; timestamp < x keeps days up to x's.
            boolean lower = timestampLeft ? comparison instanceof GreaterThan || comparison instanceof GreaterThanOrEqual
                    : comparison instanceof LessThan || comparison instanceof LessThanOrEqual;
            boolean upper = timestampLeft ? comparison instanceof LessThan || comparison instanceof LessThanOrEqual
                    : comparison instanceof GreaterThan || comparison instanceof GreaterThanOrEqual;
            Expression bound;
            if (comparison instanceof EqualTo) {
                bound = new EqualTo(date, day);
            } else if (lower) {
                bound = new GreaterThanOrEqual(date, day);
            } else if (upper) {
                bound = new LessThanOrEqual(date, day);
            } else {
                continue;
            }
            bounds = bounds == null ? bound : new And(bounds, bound);
        }
        return Optional.ofNullable(bounds);
    }

    private static List<Expression> conjuncts(Expression condition) {
        if (condition instanceof And and) {
            List<Expression> all = new ArrayList<>(conjuncts(and.left()));
            all.addAll(conjuncts(and.right()));
            return all;
        }
        return List.of(condition);
    }

    private static boolean same(Expression expression, Attribute attribute) {
        return expression instanceof Attribute other && other.exprId().equals(attribute.exprId());
    }

    private static Attribute attribute(LogicalRelation files, String name) {
        return CollectionConverters.asJava(files.output()).stream().filter(a -> a.name().equals(name)).findFirst().orElseThrow();
    }
}
