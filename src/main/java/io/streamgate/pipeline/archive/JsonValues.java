package io.streamgate.pipeline.archive;

import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.SpecializedGetters;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.BooleanType;
import org.apache.spark.sql.types.ByteType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DoubleType;
import org.apache.spark.sql.types.FloatType;
import org.apache.spark.sql.types.IntegerType;
import org.apache.spark.sql.types.LongType;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.ShortType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * For each type the archive's JSON lines are made for here, how {@link JsonBytes} writes a value of it, as
 * Spark's JSON writer writes it (its {@code JacksonGenerator}'s writer for each type); null for the others.
 */
final class JsonValues {

    /** A value of one type, at an ordinal of a row, an array or a map's values; never null there. */
    interface Value {
        void write(SpecializedGetters data, int ordinal, JsonBytes out) throws IOException;
    }

    private JsonValues() {
    }

    /** How values of this type are written; null for a type written otherwise than here (dates, decimals, binary…). */
    static Value of(DataType type) {
        if (type instanceof StringType) {
            return (data, ordinal, out) -> out.string(data.getUTF8String(ordinal));
        } else if (type instanceof LongType) {
            return (data, ordinal, out) -> out.ascii(Long.toString(data.getLong(ordinal)));
        } else if (type instanceof IntegerType) {
            return (data, ordinal, out) -> out.ascii(Integer.toString(data.getInt(ordinal)));
        } else if (type instanceof ShortType) {
            return (data, ordinal, out) -> out.ascii(Short.toString(data.getShort(ordinal)));
        } else if (type instanceof ByteType) {
            return (data, ordinal, out) -> out.ascii(Byte.toString(data.getByte(ordinal)));
        } else if (type instanceof BooleanType) {
            return (data, ordinal, out) -> out.bool(data.getBoolean(ordinal));
        } else if (type instanceof DoubleType) {
            return (data, ordinal, out) -> {
                double value = data.getDouble(ordinal);
                out.number(Double.toString(value), Double.isFinite(value));
            };
        } else if (type instanceof FloatType) {
            return (data, ordinal, out) -> {
                float value = data.getFloat(ordinal);
                out.number(Float.toString(value), Float.isFinite(value));
            };
        } else if (type instanceof StructType struct) {
            Fields fields = Fields.of(struct);
            return fields == null ? null : (data, ordinal, out) -> fields.write(data.getStruct(ordinal, struct.length()), out);
        } else if (type instanceof ArrayType array) {
            Value element = of(array.elementType());
            return element == null ? null : (data, ordinal, out) -> out.array(data.getArray(ordinal), element);
        } else if (type instanceof MapType map && map.keyType() instanceof StringType) {
            Value value = of(map.valueType());
            return value == null ? null : (data, ordinal, out) -> out.map(data.getMap(ordinal), value);
        }
        return null;
    }

    /** A struct's fields: each name, quoted and escaped once, and how its values are written. */
    record Fields(byte[][] names, Value[] values) {

        /** Null when a field's type is written otherwise than here. */
        static Fields of(StructType struct) {
            StructField[] fields = struct.fields();
            byte[][] names = new byte[fields.length][];
            Value[] values = new Value[fields.length];
            for (int i = 0; i < fields.length; i++) {
                names[i] = (i == 0 ? "" : ",").concat(JsonBytes.quoted(fields[i].name())).concat(":").getBytes(StandardCharsets.UTF_8);
                values[i] = JsonValues.of(fields[i].dataType());
                if (values[i] == null) {
                    return null;
                }
            }
            return new Fields(names, values);
        }

        /** The row as an object, its null fields written as {@code null}. */
        void write(InternalRow row, JsonBytes out) throws IOException {
            out.raw('{');
            for (int i = 0; i < values.length; i++) {
                out.raw(names[i]);
                out.value(row, i, values[i]);
            }
            out.raw('}');
        }
    }
}
