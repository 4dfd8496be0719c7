package io.streamgate.pipeline.sql;

import io.streamgate.pipeline.definition.InvalidSqlException;
import io.streamgate.pipeline.definition.PipelineProperties.SqlLimits;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.RLike;
import org.apache.spark.sql.catalyst.expressions.RegExpCount;
import org.apache.spark.sql.catalyst.expressions.RegExpExtractBase;
import org.apache.spark.sql.catalyst.expressions.RegExpReplace;
import org.apache.spark.sql.catalyst.expressions.RegExpSubStr;
import org.apache.spark.sql.catalyst.expressions.StringSplit;
import org.apache.spark.sql.catalyst.expressions.StringToMap;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import org.apache.spark.unsafe.types.UTF8String;

import java.util.List;

/**
 * The regular expressions of a query, checked before it runs: Java's matcher backtracks, and a pattern
 * with nested repeats ({@code (a+)+}) can hold a core for minutes on one short row, ignoring
 * interrupts. Each pattern must be a literal whose {@link StarHeight} is within
 * {@code max-star-height}; a pattern taken from the data cannot be checked and is refused unless
 * {@code non-literal-patterns} allows it.
 */
final class RegexBounds {

    private RegexBounds() {
    }

    /** @throws InvalidSqlException {@code REFUSED_SQL.NESTED_QUANTIFIERS} or {@code REFUSED_SQL.NON_LITERAL_PATTERN} */
    static void check(LogicalPlan plan, SqlLimits limits) {
        for (LogicalPlan node : PlanTrees.nodes(plan)) {
            for (Expression expression : PlanTrees.expressions(node)) {
                for (Expression pattern : patterns(expression)) {
                    check(expression, pattern, limits);
                }
            }
        }
    }

    /** The arguments that Spark compiles as Java regular expressions. */
    static List<Expression> patterns(Expression expression) {
        if (expression instanceof RLike like) {
            return List.of(like.right());
        }
        if (expression instanceof RegExpReplace replace) {
            return List.of(replace.regexp());
        }
        if (expression instanceof RegExpExtractBase extract) {
            return List.of(extract.second());
        }
        if (expression instanceof RegExpCount count) {
            return List.of(count.right());
        }
        if (expression instanceof RegExpSubStr substring) {
            return List.of(substring.right());
        }
        if (expression instanceof StringSplit split) {
            return List.of(split.regex());
        }
        if (expression instanceof StringToMap map) {
            return List.of(map.pairDelim(), map.keyValueDelim());
        }
        return List.of();
    }

    private static void check(Expression function, Expression pattern, SqlLimits limits) {
        Object value = SizeBounds.constant(pattern);
        if (value == null && !(pattern instanceof org.apache.spark.sql.catalyst.expressions.Literal)) {
            if (!limits.nonLiteralPatterns()) {
                throw new InvalidSqlException("REFUSED_SQL.NON_LITERAL_PATTERN", "'" + function.prettyName()
                        + "' takes its pattern from " + pattern.sql() + ", which cannot be checked before it runs; "
                        + "write the pattern as a literal, or allow it with "
                        + "streamgate.pipeline.sql-limits.non-literal-patterns=true (docs/queries.md)");
            }
            return;
        }
        if (!(value instanceof UTF8String text)) {
            return; // a null pattern matches nothing
        }
        int height;
        try {
            height = StarHeight.of(text.toString());
        } catch (IllegalArgumentException e) {
            return; // not a pattern Java compiles: Spark's own error when the query analyzes or runs
        }
        if (height > limits.maxStarHeight()) {
            throw new InvalidSqlException("REFUSED_SQL.NESTED_QUANTIFIERS", "'" + function.prettyName() + "' pattern '"
                    + text + "' nests repeats " + height + " deep (star height " + height + "); at most "
                    + limits.maxStarHeight() + " is accepted, as a nested repeat such as (a+)+ can take time exponential "
                    + "in a row's length (streamgate.pipeline.sql-limits.max-star-height, docs/queries.md)");
        }
    }
}
