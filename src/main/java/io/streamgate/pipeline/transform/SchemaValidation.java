package io.streamgate.pipeline.transform;

import io.streamgate.pipeline.definition.RecordSchema;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.types.StructField;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.is_variant_null;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.ltrim;
import static org.apache.spark.sql.functions.nullif;
import static org.apache.spark.sql.functions.try_variant_get;
import static org.apache.spark.sql.functions.when;

/**
 * Column expressions that check a JSON value against a {@link RecordSchema} and say why it fails.
 * Built from Spark's own functions and expressions (no UDF), so the check runs in generated code.
 */
public final class SchemaValidation {

    private SchemaValidation() {
    }

    /**
     * Spark settings the checks rely on. JSON may repeat a name (RFC 8259 says "should" be unique, not
     * "must"); {@code from_json} keeps the last value, and the variant parse that tells presence must
     * accept such a value too, or the same record would be valid or "not valid JSON" depending on the path.
     */
    public static final Map<String, String> SESSION_CONFIG = Map.of("spark.sql.variant.allowDuplicateKeys", "true");

    /** {@code from_json}'s options for the value. */
    static final Map<String, String> OPTIONS = Map.of("mode", "PERMISSIVE",
            "allowSingleQuotes", "false", "allowNonNumericNumbers", "false");

    /**
     * The value parsed into the schema's struct; a field that is absent or of another type is null.
     * Strict JSON only (no single quotes, no NaN), as in the variant parse: where {@code from_json}
     * reads a field, the value is valid JSON. Spark's {@code from_json}, reading ASCII values in place
     * ({@link FromJsonInPlace}).
     */
    static Column parse(Column value, RecordSchema schema) {
        return FromJsonInPlace.fromJson(value, schema.struct(), OPTIONS);
    }

    /**
     * Why the value does not match the schema, every reason joined by "; ", or null when it matches.
     * A JSON object in which {@code from_json} read every field, except optional fields whose name is
     * not in the text at all, matches: most records take only that check. Only a record with another
     * null field is parsed a second time, as a variant, so that "absent" and "of the wrong type" (both
     * null after {@code from_json}) can be told apart.
     */
    static Column errors(Column value, Column parsed, RecordSchema schema) {
        Column variant = TryParseJson.of(value);
        // Without a backslash in the text, a name can only be written one way: its absence is certain.
        Column noEscapes = value.contains("\\").unary_$bang();
        List<Column> fieldsRead = new ArrayList<>();
        List<Column> fieldErrors = new ArrayList<>();
        for (StructField field : schema.fields()) {
            Column read = parsed.getField(field.name());
            Column readOrSurelyAbsent = field.nullable()
                    ? read.isNotNull().or(noEscapes.and(value.contains(quoted(field.name())).unary_$bang()))
                    : read.isNotNull();
            fieldsRead.add(readOrSurelyAbsent);
            Column raw = try_variant_get(variant, jsonPath(field.name()), "variant");
            Column absent = raw.isNull().or(is_variant_null(raw));
            if (!field.nullable()) {
                fieldErrors.add(when(absent, lit("missing required field '" + field.name() + "'")));
            }
            fieldErrors.add(when(absent.unary_$bang().and(read.isNull()),
                    lit("field '" + field.name() + "' is not of type " + field.dataType().sql())));
        }
        Column everyFieldRead = allOf(fieldsRead);
        Column isObject = ltrim(value).startsWith("{");
        Column reasons = when(value.isNull(), lit("value is null"))
                .when(isObject.and(everyFieldRead), lit(""))
                .when(variant.isNull(), lit("value is not valid JSON"))
                .when(isObject.unary_$bang(), lit("value is not a JSON object"))
                .otherwise(concat_ws("; ", fieldErrors.toArray(Column[]::new)));
        return nullif(reasons, lit(""));
    }

    /**
     * The conjunction as a balanced tree: Spark converts and analyzes expressions recursively, so a chain
     * of a thousand ANDs (one per field of a wide schema) would overflow the stack; a tree is ten deep.
     */
    static Column allOf(List<Column> conditions) {
        if (conditions.isEmpty()) {
            return lit(true);
        }
        List<Column> level = conditions;
        while (level.size() > 1) {
            List<Column> next = new ArrayList<>((level.size() + 1) / 2);
            for (int i = 0; i < level.size(); i += 2) {
                next.add(i + 1 < level.size() ? level.get(i).and(level.get(i + 1)) : level.get(i));
            }
            level = next;
        }
        return level.get(0);
    }

    /** The name as JSON writes it when nothing in it needs escaping. */
    private static String quoted(String fieldName) {
        return '"' + fieldName + '"';
    }

    private static String jsonPath(String fieldName) {
        return "$['" + fieldName.replace("\\", "\\\\").replace("'", "\\'") + "']";
    }
}
