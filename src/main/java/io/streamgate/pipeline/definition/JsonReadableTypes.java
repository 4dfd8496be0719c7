package io.streamgate.pipeline.definition;

import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.CharType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.types.VarcharType;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A declared schema as {@code from_json} reads it, checked before Spark sees it: {@code CHAR(n)} and
 * {@code VARCHAR(n)} read as {@code STRING} (JSON has only strings; the length is not checked), map keys
 * must be strings (a JSON object's keys are), and the names of one struct must differ in more than case
 * (Spark resolves names case-insensitively). Whatever else Spark cannot read is its own refusal, with
 * its error class, when the query is analyzed.
 */
final class JsonReadableTypes {

    private JsonReadableTypes() {
    }

    /** @throws InvalidQueryException naming the field and the reason */
    static StructType of(StructType declared) {
        return struct(declared, "");
    }

    private static DataType readable(DataType type, String path) {
        if (type instanceof CharType || type instanceof VarcharType) {
            return DataTypes.StringType;
        }
        if (type instanceof StructType struct) {
            return struct(struct, path + ".");
        }
        if (type instanceof ArrayType array) {
            return DataTypes.createArrayType(readable(array.elementType(), path), array.containsNull());
        }
        if (type instanceof MapType map) {
            DataType key = readable(map.keyType(), path);
            if (!key.equals(DataTypes.StringType)) {
                throw new InvalidQueryException("REFUSED_SCHEMA.MAP_KEY_NOT_STRING", "The schema's map '" + path
                        + "' has keys of type " + map.keyType().sql() + "; the keys of a JSON object are strings: declare "
                        + "MAP<STRING, " + map.valueType().sql() + ">", null);
            }
            return DataTypes.createMapType(key, readable(map.valueType(), path), map.valueContainsNull());
        }
        return type;
    }

    private static StructType struct(StructType struct, String prefix) {
        Map<String, String> seen = new HashMap<>();
        StructField[] fields = new StructField[struct.fields().length];
        for (int i = 0; i < fields.length; i++) {
            StructField field = struct.fields()[i];
            String before = seen.put(field.name().toLowerCase(Locale.ROOT), field.name());
            if (before != null) {
                throw new InvalidQueryException("REFUSED_SCHEMA.DUPLICATE_FIELD", "The schema declares '" + prefix + before
                        + "' and '" + prefix + field.name() + "'; Spark resolves names regardless of case, so they "
                        + "must differ in more than case", null);
            }
            fields[i] = new StructField(field.name(), readable(field.dataType(), prefix + field.name()), field.nullable(),
                    field.metadata());
        }
        return new StructType(fields);
    }
}
