package io.streamgate.pipeline.sql;

import io.streamgate.pipeline.definition.Columns;
import io.streamgate.pipeline.definition.InvalidSqlException;
import org.apache.spark.sql.catalyst.analysis.StreamingJoinHelper$;
import org.apache.spark.sql.catalyst.expressions.Attribute;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.planning.ExtractEquiJoinKeys$;
import org.apache.spark.sql.catalyst.plans.JoinType;
import org.apache.spark.sql.catalyst.plans.logical.EventTimeWatermark$;
import org.apache.spark.sql.catalyst.plans.logical.Join;
import org.apache.spark.sql.catalyst.plans.logical.JoinHint;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import org.apache.spark.sql.catalyst.plans.logical.SubqueryAlias;
import scala.Option;
import scala.Tuple8;
import scala.collection.immutable.Seq;
import scala.jdk.javaapi.CollectionConverters;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The joins a query may make, on the analyzed plan. A stream joined to a table matches on the table's
 * key (enrichment: each row looks up one key). Two streams are joined on an equality, with a watermark
 * on each side and a time bound between them, so that Spark can drop each side's rows from its state
 * once no row of the other side can match them any more; without any of these the state grows without
 * end, and the join is refused with {@code REFUSED_SQL.UNBOUNDED_STATE}, naming what is missing.
 */
final class JoinBounds {

    private JoinBounds() {
    }

    /** @param names the relations SQL reads by name, to say which a side of a join reads */
    static void check(LogicalPlan plan, Set<String> names) {
        for (LogicalPlan node : PlanTrees.nodes(plan)) {
            if (node instanceof Join join) {
                if (join.left().isStreaming() && join.right().isStreaming()) {
                    checkStreams(join, names);
                } else {
                    checkTable(join, names);
                }
            }
        }
    }

    private static void checkStreams(Join join, Set<String> names) {
        String left = side("left", join.left(), names);
        String right = side("right", join.right(), names);
        Option<Tuple8<JoinType, Seq<Expression>, Seq<Expression>, Option<Expression>, Option<Expression>, LogicalPlan,
                LogicalPlan, JoinHint>> equi = ExtractEquiJoinKeys$.MODULE$.unapply(join);
        if (equi.isEmpty()) {
            throw unbounded("A join of two streams needs an equality between them (e.g. p.order_id = o.id), between "
                    + left + " and " + right + "; without one, each row of each side would be kept to be compared "
                    + "with every later row of the other");
        }
        if (!watermarked(join.left())) {
            throw unbounded("A join of two streams needs a watermark on each side; " + left + " has none. Give the "
                    + "stream a watermark (PUT /streams/{name} with watermark) or the query one (watermark)");
        }
        if (!watermarked(join.right())) {
            throw unbounded("A join of two streams needs a watermark on each side; " + right + " has none. Give the "
                    + "stream a watermark (PUT /streams/{name} with watermark) or the query one (watermark)");
        }
        if (watermarkedKey(equi.get()._2()) && watermarkedKey(equi.get()._3())) {
            return; // matched on event-time windows: Spark drops a key once the watermark passes it
        }
        Option<Object> anyWatermark = Option.apply(0L);
        boolean leftBounded = StreamingJoinHelper$.MODULE$.getStateValueWatermark(join.left().outputSet(),
                join.right().outputSet(), join.condition(), anyWatermark).isDefined();
        boolean rightBounded = StreamingJoinHelper$.MODULE$.getStateValueWatermark(join.right().outputSet(),
                join.left().outputSet(), join.condition(), anyWatermark).isDefined();
        if (!leftBounded || !rightBounded) {
            throw unbounded("A join of two streams needs a time bound between the two sides' timestamp (e.g. "
                    + "p.timestamp BETWEEN o.timestamp AND o.timestamp + INTERVAL 10 MINUTES); without one, the rows of "
                    + (!leftBounded ? left : right) + " would be kept for ever");
        }
    }

    /** A join with a table (or of two tables) matches on a table's key, as its key column carries it. */
    private static void checkTable(Join join, Set<String> names) {
        Option<Tuple8<JoinType, Seq<Expression>, Seq<Expression>, Option<Expression>, Option<Expression>, LogicalPlan,
                LogicalPlan, JoinHint>> equi = ExtractEquiJoinKeys$.MODULE$.unapply(join);
        LogicalPlan table = join.left().isStreaming() ? join.right() : join.left();
        Seq<Expression> tableKeys = table == join.right() ? (equi.isEmpty() ? null : equi.get()._3())
                : (equi.isEmpty() ? null : equi.get()._2());
        boolean onKey = tableKeys != null && CollectionConverters.asJava(tableKeys).stream().anyMatch(JoinBounds::tableKey);
        boolean otherOnKey = !join.left().isStreaming() && !join.right().isStreaming() && !equi.isEmpty()
                && CollectionConverters.asJava(equi.get()._2()).stream().anyMatch(JoinBounds::tableKey);
        if (!onKey && !otherOnKey) {
            List<String> keys = CollectionConverters.asJava(table.output()).stream().filter(JoinBounds::tableKey)
                    .map(key -> key.metadata().getString(Columns.TABLE_KEY_METADATA) + "." + key.name()).toList();
            throw new InvalidSqlException("REFUSED_SQL.JOIN", "A join with a table matches on the table's key: write "
                    + "an equality with " + (keys.isEmpty() ? "the table's key column" : String.join(" or ", keys))
                    + " as it is (" + side("the table side", table, names) + ")");
        }
    }

    private static boolean tableKey(Expression expression) {
        return expression instanceof Attribute attribute && attribute.metadata().contains(Columns.TABLE_KEY_METADATA);
    }

    private static boolean watermarked(LogicalPlan side) {
        return CollectionConverters.asJava(side.output()).stream()
                .anyMatch(attribute -> attribute.metadata().contains(EventTimeWatermark$.MODULE$.delayKey()));
    }

    private static boolean watermarkedKey(Seq<Expression> keys) {
        return CollectionConverters.asJava(keys).stream().anyMatch(key -> CollectionConverters.asJava(key.references().toSeq())
                .stream().anyMatch(attribute -> attribute.metadata().contains(EventTimeWatermark$.MODULE$.delayKey())));
    }

    /** "the left side (orders)": the relations it reads, by the names the SQL gave them. */
    private static String side(String which, LogicalPlan side, Set<String> names) {
        Set<String> read = new TreeSet<>();
        for (LogicalPlan node : PlanTrees.nodes(side)) {
            if (node instanceof SubqueryAlias alias && names.contains(alias.alias())) {
                read.add(alias.alias());
            }
        }
        return which + (which.endsWith("side") ? "" : " side") + (read.isEmpty() ? "" : " (" + String.join(", ", read) + ")");
    }

    private static InvalidSqlException unbounded(String message) {
        return new InvalidSqlException("REFUSED_SQL.UNBOUNDED_STATE", message);
    }
}
