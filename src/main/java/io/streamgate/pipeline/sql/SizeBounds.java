package io.streamgate.pipeline.sql;

import io.streamgate.pipeline.definition.InvalidSqlException;
import io.streamgate.pipeline.definition.PipelineProperties.SqlLimits;
import org.apache.spark.sql.catalyst.expressions.ArrayRepeat;
import org.apache.spark.sql.catalyst.expressions.Cast;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.Literal;
import org.apache.spark.sql.catalyst.expressions.Sequence;
import org.apache.spark.sql.catalyst.expressions.StringLPad;
import org.apache.spark.sql.catalyst.expressions.StringRPad;
import org.apache.spark.sql.catalyst.expressions.StringRepeat;
import org.apache.spark.sql.catalyst.expressions.StringSpace;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import org.apache.spark.sql.types.DateType;
import org.apache.spark.sql.types.DayTimeIntervalType;
import org.apache.spark.sql.types.IntegralType;
import org.apache.spark.sql.types.TimestampNTZType;
import org.apache.spark.sql.types.TimestampType;
import org.apache.spark.sql.types.YearMonthIntervalType;
import org.apache.spark.unsafe.types.CalendarInterval;
import org.apache.spark.unsafe.types.UTF8String;

import java.util.OptionalLong;

/**
 * Values whose size literals fix, checked before Spark runs the query: an array of more than
 * {@code max-elements} elements ({@code sequence}, {@code array_repeat}: as many rows per input row
 * when exploded) or a string of more than {@code max-string-size} ({@code repeat}, {@code lpad},
 * {@code rpad}, {@code space}) is refused, {@code REFUSED_SQL.TOO_LARGE}. Spark folds such a value once,
 * on the driver, while it plans each batch: past the heap, in the service's own JVM. Sizes that depend
 * on the data are not known here (docs/queries.md says what protects the service from them).
 */
final class SizeBounds {

    private static final long MICROS_PER_DAY = 86_400_000_000L;
    /** The shortest month, so that a sequence's elements are counted at their most. */
    private static final long DAYS_PER_MONTH = 28;

    private SizeBounds() {
    }

    /** @throws InvalidSqlException {@code REFUSED_SQL.TOO_LARGE} naming the function and its size */
    static void check(LogicalPlan plan, SqlLimits limits) {
        long maxElements = limits.maxElements();
        long maxBytes = limits.maxStringSize().toBytes();
        for (LogicalPlan node : PlanTrees.nodes(plan)) {
            for (Expression expression : PlanTrees.expressions(node)) {
                elements(expression).ifPresent(elements -> {
                    if (elements > maxElements) {
                        throw tooLarge(expression, elements + " elements", maxElements + " elements (max-elements)");
                    }
                });
                bytes(expression).ifPresent(bytes -> {
                    if (bytes > maxBytes) {
                        throw tooLarge(expression, bytes + " bytes", maxBytes + " bytes (max-string-size)");
                    }
                });
            }
        }
    }

    /** Elements of an array the expression makes, when literals fix them. */
    static OptionalLong elements(Expression expression) {
        if (expression instanceof Sequence sequence) {
            return sequenceLength(sequence);
        }
        if (expression instanceof ArrayRepeat repeat) {
            OptionalLong count = literal(repeat.right());
            long each = elements(repeat.left()).orElse(1);
            return count.isPresent() ? OptionalLong.of(saturated(Math.max(0, count.getAsLong()), each)) : OptionalLong.empty();
        }
        return OptionalLong.empty();
    }

    /** Bytes of a string the expression makes, when literals fix them. */
    static OptionalLong bytes(Expression expression) {
        if (expression instanceof StringRepeat repeat) {
            // A string that is not a literal is counted as one byte: repeating it makes at least that many.
            OptionalLong times = literal(repeat.times());
            long each = constant(repeat.str()) instanceof UTF8String string ? string.numBytes() : 1;
            return times.isPresent() ? OptionalLong.of(saturated(Math.max(0, times.getAsLong()), each)) : OptionalLong.empty();
        }
        if (expression instanceof StringLPad pad) {
            return literal(pad.len());
        }
        if (expression instanceof StringRPad pad) {
            return literal(pad.len());
        }
        if (expression instanceof StringSpace space) {
            return literal(space.child());
        }
        return OptionalLong.empty();
    }

    /** Numbers, dates and timestamps from start to stop by step, counted as Spark's {@code sequence} counts them. */
    private static OptionalLong sequenceLength(Sequence sequence) {
        Object start = constant(sequence.start());
        Object stop = constant(sequence.stop());
        if (!(start instanceof Number from) || !(stop instanceof Number to)) {
            return OptionalLong.empty();
        }
        long distance;
        try {
            distance = Math.abs(Math.subtractExact(to.longValue(), from.longValue()));
        } catch (ArithmeticException e) {
            distance = Long.MAX_VALUE;
        }
        if (sequence.start().dataType() instanceof IntegralType) {
            long step = sequence.stepOpt().isDefined() ? literal(sequence.stepOpt().get()).orElse(1) : 1;
            return OptionalLong.of(distance / Math.max(1, Math.abs(step)) + 1);
        }
        boolean dates = sequence.start().dataType() instanceof DateType;
        boolean timestamps = sequence.start().dataType() instanceof TimestampType
                || sequence.start().dataType() instanceof TimestampNTZType;
        if (!dates && !timestamps) {
            return OptionalLong.empty();
        }
        long stepMicros = sequence.stepOpt().isDefined() ? stepMicros(sequence.stepOpt().get()) : MICROS_PER_DAY;
        long distanceMicros = dates ? saturated(distance, MICROS_PER_DAY) : distance;
        return stepMicros > 0 ? OptionalLong.of(distanceMicros / stepMicros + 1) : OptionalLong.empty();
    }

    private static long stepMicros(Expression step) {
        Object value = constant(step);
        if (value instanceof CalendarInterval interval) {
            return Math.abs(interval.months * DAYS_PER_MONTH * MICROS_PER_DAY + interval.days * MICROS_PER_DAY
                    + interval.microseconds);
        }
        if (value instanceof Number number && step.dataType() instanceof DayTimeIntervalType) {
            return Math.abs(number.longValue());
        }
        if (value instanceof Number months && step.dataType() instanceof YearMonthIntervalType) {
            return Math.abs(months.longValue()) * DAYS_PER_MONTH * MICROS_PER_DAY;
        }
        return 0;
    }

    private static OptionalLong literal(Expression expression) {
        return constant(expression) instanceof Number number ? OptionalLong.of(number.longValue()) : OptionalLong.empty();
    }

    /**
     * The value of a literal, or of a cast of one (as Spark's type coercion writes them); null otherwise.
     * Nothing else is evaluated: a foldable argument may itself be a value too large to make.
     */
    static Object constant(Expression expression) {
        if (expression instanceof Literal literal) {
            return literal.value();
        }
        if (expression instanceof Cast cast && cast.child() instanceof Literal) {
            try {
                return cast.eval(null);
            } catch (RuntimeException e) {
                return null; // a cast Spark refuses is Spark's own error when the query runs
            }
        }
        return null;
    }

    private static long saturated(long a, long b) {
        long product = a * b;
        return (a != 0 && product / a != b) ? Long.MAX_VALUE : product;
    }

    private static InvalidSqlException tooLarge(Expression expression, String size, String bound) {
        return new InvalidSqlException("REFUSED_SQL.TOO_LARGE", "'" + expression.prettyName() + "' makes " + size
                + " from literals, for every row; at most " + bound + " are accepted "
                + "(streamgate.pipeline.sql-limits, docs/queries.md)");
    }
}
