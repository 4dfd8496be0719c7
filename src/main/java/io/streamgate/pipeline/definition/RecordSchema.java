package io.streamgate.pipeline.definition;

import org.apache.spark.SparkThrowable;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.TimeType;
import org.apache.spark.sql.types.StructType;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The expected shape of a record value, declared once as a Spark DDL string, and read as
 * {@code from_json} reads it ({@link JsonReadableTypes}). Wide schemas are normal for event data; the
 * bounds keep Spark's recursive parser and analyzer within the stack.
 *
 * @param ddl    as declared
 * @param struct as read: {@code CHAR}/{@code VARCHAR} as {@code STRING}
 */
public record RecordSchema(String ddl, StructType struct) {

    /** Fields in all, nested ones included. */
    public static final int MAX_FIELDS = 2000;
    /** Levels of nested types ({@code STRUCT<…>}, {@code ARRAY<…>}, {@code MAP<…>}). */
    public static final int MAX_DEPTH = 32;

    /** @throws InvalidQueryException when the DDL does not parse, declares no field, or is past the bounds */
    public static RecordSchema parse(String ddl) {
        int depth = nesting(ddl);
        if (depth > MAX_DEPTH) {
            throw new InvalidQueryException("The schema nests types " + depth + " levels deep; at most "
                    + MAX_DEPTH + " are allowed");
        }
        StructType struct;
        try {
            struct = StructType.fromDDL(ddl);
        } catch (Exception e) { // Spark's ParseException is checked, though Scala throws it unannounced
            throw new InvalidQueryException(e instanceof SparkThrowable spark ? spark.getCondition() : null,
                    "The schema is not a valid Spark DDL string (e.g. 'id BIGINT NOT NULL, name STRING'): "
                            + ErrorText.firstLine(Objects.requireNonNullElse(e.getMessage(), "")), e);
        }
        if (struct.fields().length == 0) {
            throw new InvalidQueryException("The schema declares no field");
        }
        int fields = fieldCount(struct);
        if (fields > MAX_FIELDS) {
            throw new InvalidQueryException("The schema declares " + fields + " fields (nested ones included); at most "
                    + MAX_FIELDS + " are allowed");
        }
        return new RecordSchema(ddl, JsonReadableTypes.of(struct));
    }

    public StructField[] fields() {
        return struct.fields();
    }

    /**
     * The fields as a query's rows carry them out of Spark, into the archive: every one nullable (an
     * invalid record lacks some), and {@code TIME} as its text, since Spark writes no {@code TIME} column.
     */
    public StructType stored() {
        return (StructType) stored(struct);
    }

    private static DataType stored(DataType type) {
        if (type instanceof TimeType) {
            return DataTypes.StringType;
        }
        if (type instanceof StructType fields) {
            StructField[] stored = new StructField[fields.fields().length];
            for (int i = 0; i < stored.length; i++) {
                StructField field = fields.fields()[i];
                stored[i] = new StructField(field.name(), stored(field.dataType()), true, field.metadata());
            }
            return new StructType(stored);
        }
        if (type instanceof ArrayType array) {
            return DataTypes.createArrayType(stored(array.elementType()), true);
        }
        if (type instanceof MapType map) {
            return DataTypes.createMapType(map.keyType(), stored(map.valueType()), true);
        }
        return type;
    }

    /** The first field named like one of {@code names}, ignoring case, as Spark's analyzer resolves them. */
    public Optional<String> fieldNamedLike(List<String> names) {
        return Arrays.stream(struct.fields()).map(StructField::name)
                .filter(field -> names.stream().anyMatch(field::equalsIgnoreCase)).findFirst();
    }

    /**
     * The deepest nesting of angle brackets outside quoted names and comments, read before Spark's parser
     * sees the text: the parser recurses once per level and would overflow the stack first.
     */
    private static int nesting(String ddl) {
        int depth = 0;
        int deepest = 0;
        char quote = 0;
        for (int i = 0; i < ddl.length(); i++) {
            char c = ddl.charAt(i);
            if (quote != 0) {
                if (c == '\\' && quote != '`') {
                    i++;
                } else if (c == quote) {
                    quote = 0;
                }
            } else if (c == '`' || c == '\'' || c == '"') {
                quote = c;
            } else if (c == '<') {
                deepest = Math.max(deepest, ++depth);
            } else if (c == '>') {
                depth--;
            }
        }
        return deepest;
    }

    private static int fieldCount(DataType type) {
        if (type instanceof StructType struct) {
            int count = 0;
            for (StructField field : struct.fields()) {
                count += 1 + fieldCount(field.dataType());
            }
            return count;
        }
        if (type instanceof ArrayType array) {
            return fieldCount(array.elementType());
        }
        if (type instanceof MapType map) {
            return fieldCount(map.keyType()) + fieldCount(map.valueType());
        }
        return 0;
    }
}
