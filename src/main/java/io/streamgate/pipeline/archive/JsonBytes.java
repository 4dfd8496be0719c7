package io.streamgate.pipeline.archive;

import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.SpecializedGetters;
import org.apache.spark.sql.catalyst.util.ArrayData;
import org.apache.spark.sql.catalyst.util.MapData;
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
import org.apache.spark.unsafe.Platform;
import org.apache.spark.unsafe.types.UTF8String;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * JSON text as UTF-8 bytes, in a buffer flushed to a stream: the values Spark's JSON writer
 * ({@code JacksonGenerator} over a UTF-8 {@code Writer}) writes, made as it makes them. Strings are escaped
 * as Jackson escapes them by default: a quote, a backslash and {@code \b \t \n \f \r} after a backslash,
 * other control characters in hex, nothing else. ASCII text is copied from its bytes; any other goes
 * through Java's string and UTF-8 encoder, as Spark's does, so bytes that are not UTF-8 become what they
 * become there. Numbers are Java's own text ({@code Long.toString}, {@code Double.toString}); a double or
 * float that is not finite is a quoted string ({@code "NaN"}), as Jackson quotes it.
 */
final class JsonBytes {

    /** A value of one type, at an ordinal of a row, an array or a map's values; never null there. */
    interface Value {
        void write(SpecializedGetters data, int ordinal, JsonBytes out) throws IOException;
    }

    private static final byte[] HEX = "0123456789ABCDEF".getBytes(StandardCharsets.US_ASCII);
    /** For each ASCII character: 0 written as it is, a letter after a backslash, or -1 in hex. */
    private static final byte[] ESCAPES = new byte[128];
    private static final byte[] NULL = {'n', 'u', 'l', 'l'};
    private static final byte[] TRUE = {'t', 'r', 'u', 'e'};
    private static final byte[] FALSE = {'f', 'a', 'l', 's', 'e'};

    static {
        Arrays.fill(ESCAPES, 0, 32, (byte) -1);
        ESCAPES['"'] = '"';
        ESCAPES['\\'] = '\\';
        ESCAPES['\b'] = 'b';
        ESCAPES['\t'] = 't';
        ESCAPES['\n'] = 'n';
        ESCAPES['\f'] = 'f';
        ESCAPES['\r'] = 'r';
    }

    private final OutputStream stream;
    private final byte[] buffer = new byte[64 * 1024];
    private int position;

    JsonBytes(OutputStream stream) {
        this.stream = stream;
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
            return (data, ordinal, out) -> out.raw(data.getBoolean(ordinal) ? TRUE : FALSE);
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
                names[i] = (i == 0 ? "" : ",").concat(quoted(fields[i].name())).concat(":").getBytes(StandardCharsets.UTF_8);
                values[i] = JsonBytes.of(fields[i].dataType());
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
                if (row.isNullAt(i)) {
                    out.raw(NULL);
                } else {
                    values[i].write(row, i, out);
                }
            }
            out.raw('}');
        }
    }

    void raw(int b) throws IOException {
        room(1);
        buffer[position++] = (byte) b;
    }

    void raw(byte[] bytes) throws IOException {
        if (bytes.length > buffer.length) {
            flush();
            stream.write(bytes);
            return;
        }
        room(bytes.length);
        System.arraycopy(bytes, 0, buffer, position, bytes.length);
        position += bytes.length;
    }

    void flush() throws IOException {
        stream.write(buffer, 0, position);
        position = 0;
    }

    private void ascii(String text) throws IOException {
        int length = text.length();
        room(length);
        text.getBytes(0, length, buffer, position); // ASCII alone: digits, signs, '.', 'E'
        position += length;
    }

    private void number(String text, boolean finite) throws IOException {
        if (!finite) {
            raw('"');
        }
        ascii(text);
        if (!finite) {
            raw('"');
        }
    }

    /**
     * The string quoted and escaped: ASCII straight from its bytes into the buffer; any other text, or
     * text that could outgrow the buffer once escaped, through Java's string and encoder, as Spark's.
     */
    private void string(UTF8String text) throws IOException {
        Object base = text.getBaseObject();
        long offset = text.getBaseOffset();
        int length = text.numBytes();
        int most = length * 6 + 2;
        if (most > buffer.length) {
            raw(quoted(text.toString()).getBytes(StandardCharsets.UTF_8));
            return;
        }
        room(most);
        int start = position;
        buffer[position++] = '"';
        for (int i = 0; i < length; i++) {
            byte b = Platform.getByte(base, offset + i);
            if (b < 0) {
                position = start;
                raw(quoted(text.toString()).getBytes(StandardCharsets.UTF_8));
                return;
            }
            escaped(b);
        }
        buffer[position++] = '"';
    }

    private void escaped(byte b) {
        byte escape = ESCAPES[b];
        if (escape == 0) {
            buffer[position++] = b;
        } else if (escape > 0) {
            buffer[position++] = '\\';
            buffer[position++] = escape;
        } else {
            buffer[position++] = '\\';
            buffer[position++] = 'u';
            buffer[position++] = '0';
            buffer[position++] = '0';
            buffer[position++] = HEX[b >> 4];
            buffer[position++] = HEX[b & 0xF];
        }
    }

    private void array(ArrayData array, Value element) throws IOException {
        raw('[');
        for (int i = 0; i < array.numElements(); i++) {
            if (i > 0) {
                raw(',');
            }
            if (array.isNullAt(i)) {
                raw(NULL);
            } else {
                element.write(array, i, this);
            }
        }
        raw(']');
    }

    private void map(MapData map, Value value) throws IOException {
        ArrayData keys = map.keyArray();
        ArrayData values = map.valueArray();
        raw('{');
        for (int i = 0; i < map.numElements(); i++) {
            if (i > 0) {
                raw(',');
            }
            string(keys.getUTF8String(i));
            raw(':');
            if (values.isNullAt(i)) {
                raw(NULL);
            } else {
                value.write(values, i, this);
            }
        }
        raw('}');
    }

    /** Java text quoted and escaped as Jackson does, for names and for text beyond ASCII. */
    static String quoted(String text) {
        StringBuilder quoted = new StringBuilder(text.length() + 2).append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            byte escape = c < 128 ? ESCAPES[c] : 0;
            if (escape == 0) {
                quoted.append(c);
            } else if (escape > 0) {
                quoted.append('\\').append((char) escape);
            } else {
                quoted.append("\\u00").append((char) HEX[c >> 4]).append((char) HEX[c & 0xF]);
            }
        }
        return quoted.append('"').toString();
    }

    /** Room for that many bytes more, at most the buffer's size: flushed first when they would not fit. */
    private void room(int bytes) throws IOException {
        if (position + bytes > buffer.length) {
            flush();
        }
    }
}
