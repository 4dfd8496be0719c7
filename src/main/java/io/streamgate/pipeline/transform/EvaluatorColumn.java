package io.streamgate.pipeline.transform;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.Literal;
import org.apache.spark.sql.catalyst.expressions.objects.Invoke;
import org.apache.spark.sql.classic.ExpressionUtils$;
import org.apache.spark.sql.types.AbstractDataType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.ObjectType;
import org.apache.spark.sql.types.StringType$;
import scala.jdk.javaapi.CollectionConverters;

import java.io.Serializable;
import java.util.List;

/**
 * A column that calls its evaluator's {@code evaluate} on a text in the generated code, as Spark builds
 * {@code from_json} (an {@link Invoke} of an evaluator object): null for a null text, a deterministic value
 * otherwise. The evaluator travels with the plan to the tasks, so it is serializable.
 */
final class EvaluatorColumn {

    private EvaluatorColumn() {
    }

    static Column of(Serializable evaluator, DataType result, Column text) {
        Expression invoke = new Invoke(Literal.create(evaluator, new ObjectType(evaluator.getClass())), "evaluate", result,
                CollectionConverters.asScala(List.of(ExpressionUtils$.MODULE$.expression(text))).toSeq(),
                CollectionConverters.asScala(List.<AbstractDataType>of(StringType$.MODULE$)).toSeq(), true, true, true);
        return ExpressionUtils$.MODULE$.column(invoke);
    }
}
