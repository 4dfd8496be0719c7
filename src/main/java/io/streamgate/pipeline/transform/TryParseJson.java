package io.streamgate.pipeline.transform;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.internal.SQLConf;
import org.apache.spark.sql.types.VariantType$;
import org.apache.spark.types.variant.Variant;
import org.apache.spark.types.variant.VariantBuilder;
import org.apache.spark.unsafe.types.UTF8String;
import org.apache.spark.unsafe.types.VariantVal;

import java.io.Serial;
import java.io.Serializable;

/**
 * Spark's {@code try_parse_json}: the same parse, with the settings Spark reads for it, and null where it
 * gives null. Spark's builds the error it would throw from {@code parse_json} before it drops it: a
 * {@code SparkException} with its message formatted and its stack trace filled, for every value that is
 * not JSON. That took 5% of the service's CPU in a drain where a tenth of the records were not JSON
 * (docs/benchmark.md). {@code TryParseJsonTest} checks it against Spark's, value by value.
 */
public final class TryParseJson implements Serializable {

    @Serial
    private static final long serialVersionUID = 1L;

    private final boolean allowDuplicateKeys;
    private final boolean validateUnicode;

    private TryParseJson(boolean allowDuplicateKeys, boolean validateUnicode) {
        this.allowDuplicateKeys = allowDuplicateKeys;
        this.validateUnicode = validateUnicode;
    }

    /** As {@code functions.try_parse_json(value)}, with the session's variant settings. */
    static Column of(Column value) {
        SQLConf conf = SQLConf.get();
        TryParseJson evaluator = new TryParseJson((Boolean) conf.getConf(SQLConf.VARIANT_ALLOW_DUPLICATE_KEYS()),
                (Boolean) conf.getConf(SQLConf.VARIANT_VALIDATE_UNICODE_IN_JSON_PARSING()));
        return EvaluatorColumn.of(evaluator, VariantType$.MODULE$, value);
    }

    /** The value as a variant, or null where it is not JSON (or too large for a variant); called by the generated code. */
    public VariantVal evaluate(UTF8String json) {
        try {
            Variant variant = VariantBuilder.parseJson(json.toString(), allowDuplicateKeys, validateUnicode);
            return new VariantVal(variant.getValue(), variant.getMetadata());
        } catch (Exception notJson) { // what Spark's catches and drops: every exception (NonFatal), no error
            return null;
        }
    }

    @Override
    public String toString() {
        return "try_parse_json";
    }
}
