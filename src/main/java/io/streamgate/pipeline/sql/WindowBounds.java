package io.streamgate.pipeline.sql;

import io.streamgate.pipeline.definition.InvalidSqlException;
import io.streamgate.pipeline.definition.PipelineProperties.SqlLimits;
import org.apache.spark.sql.catalyst.analysis.UnresolvedFunction;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import org.apache.spark.sql.catalyst.util.IntervalUtils;
import org.apache.spark.unsafe.types.CalendarInterval;
import org.apache.spark.unsafe.types.UTF8String;
import scala.jdk.javaapi.CollectionConverters;

import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;

/**
 * Sliding windows, checked on the parsed plan, before Spark's analyzer expands each row into one row per
 * window it falls in ({@code ceil(length ÷ slide)}), each a group of its own in the state store: a
 * 10-second window sliding by 1 ms makes 10,000 rows and groups of one record.
 */
final class WindowBounds {

    private static final long MICROS_PER_DAY = 86_400_000_000L;

    private WindowBounds() {
    }

    /** @throws InvalidSqlException {@code REFUSED_SQL.TOO_LARGE} with the windows per row */
    static void check(LogicalPlan parsed, SqlLimits limits) {
        for (LogicalPlan node : PlanTrees.nodes(parsed)) {
            for (Expression expression : PlanTrees.expressions(node)) {
                if (expression instanceof UnresolvedFunction function && isWindow(function)) {
                    List<Expression> arguments = CollectionConverters.asJava(function.arguments());
                    if (arguments.size() < 3) {
                        continue; // a tumbling window: one per row
                    }
                    OptionalLong length = micros(arguments.get(1));
                    OptionalLong slide = micros(arguments.get(2));
                    if (length.isEmpty() || slide.isEmpty() || slide.getAsLong() <= 0) {
                        continue; // Spark's analyzer refuses these with its own error
                    }
                    long windows = (length.getAsLong() + slide.getAsLong() - 1) / slide.getAsLong();
                    if (windows > limits.maxWindowsPerRow()) {
                        throw new InvalidSqlException("REFUSED_SQL.TOO_LARGE", "'window' of " + arguments.get(1).sql()
                                + " sliding by " + arguments.get(2).sql() + " puts every row into " + windows
                                + " windows; at most " + limits.maxWindowsPerRow() + " are accepted "
                                + "(streamgate.pipeline.sql-limits.max-windows-per-row, docs/queries.md)");
                    }
                }
            }
        }
    }

    private static boolean isWindow(UnresolvedFunction function) {
        List<String> name = CollectionConverters.asJava(function.nameParts());
        return name.get(name.size() - 1).toLowerCase(Locale.ROOT).equals("window");
    }

    /** A duration as Spark's {@code TimeWindow} reads one: a string or an interval literal. */
    private static OptionalLong micros(Expression argument) {
        Object value = SizeBounds.constant(argument);
        CalendarInterval interval;
        try {
            if (value instanceof UTF8String text) {
                interval = IntervalUtils.stringToInterval(text);
            } else if (value instanceof CalendarInterval literal) {
                interval = literal;
            } else if (value instanceof Long micros) {
                return OptionalLong.of(micros); // a day-time interval literal
            } else {
                return OptionalLong.empty();
            }
        } catch (RuntimeException e) {
            return OptionalLong.empty();
        }
        if (interval.months != 0) {
            return OptionalLong.empty();
        }
        try {
            return OptionalLong.of(Math.addExact(Math.multiplyExact((long) interval.days, MICROS_PER_DAY),
                    interval.microseconds));
        } catch (ArithmeticException e) {
            return OptionalLong.empty();
        }
    }
}
