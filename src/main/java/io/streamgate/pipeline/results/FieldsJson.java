package io.streamgate.pipeline.results;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.CatalystTypeConverters;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.json.StructsToJsonEvaluator;
import org.apache.spark.sql.internal.SQLConf;
import org.apache.spark.sql.types.StructType;
import scala.Option;
import scala.collection.immutable.Map$;

import java.util.HashMap;
import java.util.Map;

/**
 * A record's fields as JSON text, written as Spark's {@code to_json} writes them (its own evaluator, in
 * the session's time zone), for the rows the results show only: every other row of a batch is spared
 * it. An evaluator is kept per thread and schema, as it holds its writer.
 */
final class FieldsJson {

    private static final ThreadLocal<Map<StructType, StructsToJsonEvaluator>> EVALUATORS =
            ThreadLocal.withInitial(HashMap::new);

    private FieldsJson() {
    }

    /** @return null for no fields (a value that was not JSON) */
    static String of(Row fields) {
        if (fields == null) {
            return null;
        }
        StructsToJsonEvaluator json = EVALUATORS.get().computeIfAbsent(fields.schema(), schema ->
                new StructsToJsonEvaluator(Map$.MODULE$.empty(), schema, Option.apply(SQLConf.get().sessionLocalTimeZone())));
        return json.evaluate((InternalRow) CatalystTypeConverters.convertToCatalyst(fields)).toString();
    }
}
