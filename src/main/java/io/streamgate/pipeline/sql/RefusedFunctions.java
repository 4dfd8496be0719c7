package io.streamgate.pipeline.sql;

import org.apache.spark.sql.catalyst.expressions.CallMethodViaReflection;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.InputFileBlockLength;
import org.apache.spark.sql.catalyst.expressions.InputFileBlockStart;
import org.apache.spark.sql.catalyst.expressions.InputFileName;
import org.apache.spark.sql.catalyst.expressions.SubqueryExpression;
import org.apache.spark.sql.catalyst.expressions.TryReflect;
import org.apache.spark.sql.catalyst.expressions.UserDefinedExpression;

import java.util.List;
import java.util.Optional;

/**
 * The expressions a user's SQL may not contain, each with its error class and reason: one table, read
 * on the parsed plan (by the class a built-in function's name resolves to) and on the analyzed plan
 * (by the expression's type). {@code CallMethodViaReflection} is what {@code reflect} and
 * {@code java_method} resolve to.
 */
final class RefusedFunctions {

    /** @param type an expression class, or an interface every expression of a kind implements */
    record Refusal(Class<?> type, String errorClass, String reason) {
    }

    static final List<Refusal> TABLE = List.of(
            new Refusal(CallMethodViaReflection.class, "REFLECTION", "calls Java methods by reflection, which is refused"),
            new Refusal(TryReflect.class, "REFLECTION", "calls Java methods by reflection, which is refused"),
            new Refusal(InputFileName.class, "INPUT_FILE", "is about files; the query reads the events view only"),
            new Refusal(InputFileBlockStart.class, "INPUT_FILE", "is about files; the query reads the events view only"),
            new Refusal(InputFileBlockLength.class, "INPUT_FILE", "is about files; the query reads the events view only"),
            new Refusal(UserDefinedExpression.class, "USER_DEFINED_FUNCTION", "is a user-defined function, which is refused"),
            new Refusal(SubqueryExpression.class, "SUBQUERY", "is a subquery in an expression, which a streaming query cannot run"));

    private RefusedFunctions() {
    }

    /** The refusal of a built-in function, by the name of the class its name resolves to. */
    static Optional<Refusal> ofClassName(String className) {
        return TABLE.stream().filter(refusal -> refusal.type().getName().equals(className)).findFirst();
    }

    /** The refusal of an expression in an analyzed plan. */
    static Optional<Refusal> of(Expression expression) {
        return TABLE.stream().filter(refusal -> refusal.type().isInstance(expression)).findFirst();
    }
}
